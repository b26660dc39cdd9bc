using Hawiya.Contracts.Providers;
using Hawiya.Server.Traffic;
using Microsoft.Extensions.Time.Testing;

namespace Hawiya.Server.Tests.Traffic;

public sealed class TokenBucketTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void TryTake_BurstSpent_RefusesAndSaysWhenTheNextTokenComes()
    {
        var bucket = new TokenBucket(ratePerSecond: 2, burst: 3, _time);

        var taken = Enumerable.Range(0, 3).Count(i => bucket.TryTake(out _));
        var refused = !bucket.TryTake(out var retryAfter);

        Assert.Equal(3, taken);
        Assert.True(refused);
        Assert.Equal(TimeSpan.FromSeconds(0.5), retryAfter);
    }

    [Fact]
    public void TryTake_AfterTime_RefillsAtTheRateUpToTheBurst()
    {
        var bucket = new TokenBucket(ratePerSecond: 2, burst: 3, _time);
        while (bucket.TryTake(out _))
        {
        }

        _time.Advance(TimeSpan.FromSeconds(1));
        var afterOneSecond = Enumerable.Range(0, 10).Count(i => bucket.TryTake(out _));
        _time.Advance(TimeSpan.FromMinutes(1));
        var afterAMinute = Enumerable.Range(0, 10).Count(i => bucket.TryTake(out _));

        Assert.Equal(2, afterOneSecond);
        Assert.Equal(3, afterAMinute);
    }

    [Fact]
    public void Resize_KeepsTheTokensLeftWithinTheNewBurst()
    {
        var bucket = new TokenBucket(ratePerSecond: 1, burst: 10, _time);
        bucket.TryTake(out _);

        var resized = bucket.Resize(newRate: 1, newBurst: 4);

        Assert.Equal(4, Enumerable.Range(0, 10).Count(i => resized.TryTake(out _)));
    }

    [Theory]
    [InlineData(1, 100.0, 200.0)]
    [InlineData(2, 50.0, 100.0)]
    [InlineData(3, 100.0 / 3, 200.0 / 3)]
    public void PerSilo_DividesRateAndBurstAmongActiveSilos(int silos, double rate, double burst)
    {
        var share = ProviderQuotas.PerSilo(new ProviderQuota { RequestsPerSecond = 100, Burst = 200 }, silos);

        Assert.Equal(rate, share.Rate, precision: 9);
        Assert.Equal(burst, share.Burst, precision: 9);
    }

    [Fact]
    public void PerSilo_SmallBurstOnManySilos_KeepsOneRequestOfBurst()
    {
        var share = ProviderQuotas.PerSilo(new ProviderQuota { RequestsPerSecond = 1, Burst = 2 }, silos: 8);

        Assert.Equal(1.0, share.Burst);
    }
}
