using System.Text;
using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;
using Hawiya.Grains.Citizens;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Serialization;

namespace Hawiya.Server.Tests.Database;

/// <summary>
/// A citizen stored before contact points were sealed (the phone number in the clear, field 6 of
/// "citizen"), on the real PostgreSQL: it still loads, and its activation writes it sealed.
/// </summary>
public sealed class ContactSealMigrationTests
{
    [Fact]
    public async Task Activation_RowWithThePhoneInTheClear_LoadsItAndRewritesTheRowSealed()
    {
        var clusterId = TestDatabase.NewClusterId();
        var key = "c-" + Guid.NewGuid().ToString("N");
        var phone = "+2126" + Random.Shared.NextInt64(10_000_000, 99_999_999);
        await using (var first = await SiloHost.StartAsync(clusterId, clusterId))
        {
            var citizen = first.Grains.GetGrain<ICitizenGrain>(key);
            await citizen.RegisterAsync();
            await citizen.ActivateAsync();
            await citizen.EnrollMethodAsync(AuthMethod.Sms);
            var serializer = first.Host.Services.GetRequiredService<Serializer>();
            var stored = Payload(await ReadRowAsync(clusterId));
            await WriteRowAsync(clusterId, ClearRow(serializer, serializer.Deserialize<CitizenState>(stored)!, phone));
        }

        await using var second = await SiloHost.StartAsync(clusterId, clusterId);
        var profile = await second.Grains.GetGrain<ICitizenGrain>(key).GetLoginProfileAsync();
        var rewritten = Payload(await ReadRowAsync(clusterId));

        Assert.Equal(phone, profile.Phone);
        Assert.Contains(AuthMethod.Sms, profile.UsableMethods);
        Assert.Equal(-1, rewritten.AsSpan().IndexOf(Encoding.UTF8.GetBytes(phone)));
        var read = second.Host.Services.GetRequiredService<Serializer>().Deserialize<CitizenState>(rewritten)!;
        Assert.Null(read.LegacyPhone);
        Assert.NotNull(read.SealedContacts?.Phone);
        Assert.Equal(phone, read.Phone);
    }

    /// <summary>
    /// The row as the code before sealing wrote it: the state with its phone number as a plain
    /// string in field 6. Made here by serializing the state with the phone in field 5 (the string
    /// field before it) and swapping the two fields' bytes: each field starts with a tag whose low
    /// three bits are its distance from the previous field (1 for both), a null is the reference
    /// tag 0xC1 then 0x01, and a short string is the tag 0x41, its length, then its UTF-8 text.
    /// </summary>
    private static byte[] ClearRow(Serializer serializer, CitizenState state, string phone)
    {
        state.PasswordHash = phone;
        var bytes = serializer.SerializeToArray(state);
        var text = Encoding.UTF8.GetBytes(phone);
        var at = bytes.AsSpan().IndexOf(text);
        var field5 = bytes.AsSpan(at - 2, 2 + text.Length + 2);
        Assert.True(field5[0] == 0x41 && field5[^2] == 0xC1 && field5[^1] == 0x01, $"unexpected layout: {Convert.ToHexString(field5)}");
        byte[] swapped = [0xC1, 0x01, .. field5[..^2]];
        swapped.CopyTo(field5);
        var clear = serializer.Deserialize<CitizenState>(bytes)!;
        Assert.Equal((phone, (string?)null), (clear.LegacyPhone, clear.PasswordHash));
        Assert.True(clear.StoredInClear);
        return bytes;
    }

    private static byte[] Payload(object? value) => Assert.IsType<byte[]>(value);

    private static async Task<object?> ReadRowAsync(string serviceId)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand("SELECT payload FROM orleans_grain_state WHERE service_id = @service AND state_name = 'citizen'", connection);
        select.Parameters.AddWithValue("service", serviceId);
        return await select.ExecuteScalarAsync();
    }

    private static async Task WriteRowAsync(string serviceId, byte[] payload)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync();
        await using var update = new NpgsqlCommand("UPDATE orleans_grain_state SET payload = @payload WHERE service_id = @service AND state_name = 'citizen'", connection);
        update.Parameters.AddWithValue("payload", payload);
        update.Parameters.AddWithValue("service", serviceId);
        Assert.Equal(1, await update.ExecuteNonQueryAsync());
    }
}
