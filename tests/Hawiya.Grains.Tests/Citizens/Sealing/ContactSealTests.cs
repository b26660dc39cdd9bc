using System.Text;
using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;
using Hawiya.Grains.Citizens;
using Hawiya.Grains.Citizens.Sealing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.TestingHost;

namespace Hawiya.Grains.Tests.Citizens.Sealing;

/// <summary>Contact points are sealed whenever "citizen" is serialized for storage, and opened when it is read back.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ContactSealTests(ClusterFixture fixture)
{
    private const string Phone = "+212611223344";
    private const string Email = "salma.alaoui@example.ma";
    private const string Pending = "+212799887766";

    private Serializer Serializer =>
        ((InProcessSiloHandle)fixture.Cluster.Primary!).SiloHost!.Services.GetRequiredService<Serializer>();

    private static CitizenState WithContacts() => new()
    {
        Registered = true,
        Status = CitizenStatus.Active,
        Phone = Phone,
        Email = Email,
        PhoneVerified = true,
        PendingContact = new CitizenContactVerificationState { Channel = AuthMethod.Sms, Destination = Pending, Salt = [1], Digest = [2] },
    };

    [Fact]
    public void Serialize_CitizenWithContacts_StoresNoneInTheClearAndReadsThemBack()
    {
        var bytes = Serializer.SerializeToArray(WithContacts());

        foreach (var value in new[] { Phone, Email, Pending })
        {
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(value)));
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(value)));
        }

        var read = Serializer.Deserialize<CitizenState>(bytes)!;
        Assert.Equal(Phone, read.Phone);
        Assert.Equal(Email, read.Email);
        Assert.Equal(Pending, read.PendingContact!.Destination);
        Assert.Null(read.LegacyPhone);
        Assert.False(read.StoredInClear);
        Assert.Equal("dev-contacts", read.SealedContacts!.KeyId);
    }

    [Fact]
    public void Deserialize_StateStoredInTheClearBeforeSealing_LoadsItsContactsAndIsWrittenSealed()
    {
        var hooks = new ContactSealHooks(Seal("kek-1", Key(1)));
        var clear = new CitizenState
        {
            Registered = true,
            LegacyPhone = Phone,
            LegacyEmail = Email,
            PendingContact = new CitizenContactVerificationState { LegacyDestination = Pending },
        };

        hooks.OnDeserialized(clear);

        Assert.True(clear.StoredInClear);
        Assert.Equal(Phone, clear.Phone);
        Assert.Equal(Email, clear.Email);
        Assert.Equal(Pending, clear.PendingContact!.Destination);

        hooks.OnSerializing(clear);

        Assert.Null(clear.LegacyPhone);
        Assert.Null(clear.LegacyEmail);
        Assert.Null(clear.PendingContact!.LegacyDestination);
        Assert.NotNull(clear.SealedContacts!.Phone);
        var reopened = new CitizenState { SealedContacts = clear.SealedContacts, PendingContact = new CitizenContactVerificationState() };
        hooks.OnDeserialized(reopened);
        Assert.Equal((Phone, Email, Pending), (reopened.Phone, reopened.Email, reopened.PendingContact.Destination));
        Assert.False(reopened.StoredInClear);
    }

    [Fact]
    public void Serialize_AfterTheKeyEncryptionKeyRotated_OpensWithTheRetiredKeyAndWrapsUnderTheNewOne()
    {
        var before = new ContactSealHooks(Seal("kek-1", Key(1)));
        var state = WithContacts();
        before.OnSerializing(state);
        var after = new ContactSealHooks(Seal("kek-2", Key(2), ("kek-1", Key(1))));
        var read = new CitizenState { SealedContacts = state.SealedContacts, PendingContact = new CitizenContactVerificationState() };

        after.OnDeserialized(read);
        after.OnSerializing(read);

        Assert.Equal(Phone, read.Phone);
        Assert.Equal("kek-2", read.SealedContacts!.KeyId);
        var withTheNewKeyOnly = new ContactSealHooks(Seal("kek-2", Key(2)));
        var reopened = new CitizenState { SealedContacts = read.SealedContacts };
        withTheNewKeyOnly.OnDeserialized(reopened);
        Assert.Equal(Email, reopened.Email);
    }

    [Fact]
    public void Deserialize_SealedUnderAnUnknownKey_FailsRatherThanLosingTheContacts()
    {
        var state = WithContacts();
        new ContactSealHooks(Seal("kek-1", Key(1))).OnSerializing(state);

        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() =>
            new ContactSealHooks(Seal("kek-9", Key(9))).OnDeserialized(new CitizenState { SealedContacts = state.SealedContacts }));
    }

    [Fact]
    public async Task Citizen_ContactsSetThenReactivated_StillLogsInWithThem()
    {
        var citizen = fixture.Grains.GetGrain<ICitizenGrain>(fixture.Keys.Citizen(ClusterFixture.NewNationalNumber()));
        await citizen.RegisterAsync();
        await citizen.SetCredentialsAsync(new CitizenCredentials { Phone = Phone, Email = Email });

        var stored = await fixture.ReadStoredAsync<CitizenState>("citizen", citizen);

        Assert.Null(stored.State!.LegacyPhone);
        Assert.Equal(Phone, (await citizen.GetLoginProfileAsync()).Phone);
    }

    private static byte[] Key(byte fill) => Enumerable.Repeat(fill, 32).ToArray();

    private static ContactSeal Seal(string keyId, byte[] key, params (string Id, byte[] Key)[] retired) =>
        new(Options.Create(new ContactSealOptions
        {
            KeyId = keyId,
            Key = Convert.ToBase64String(key),
            RetiredKeys = retired.ToDictionary(r => r.Id, r => Convert.ToBase64String(r.Key)),
        }));
}
