using Hawiya.LoadTests.Arrivals;

namespace Hawiya.LoadTests.Tests.Arrivals;

public sealed class ArrivalScheduleTests
{
    [Fact]
    public void TotalArrivals_WithoutRamp_IsRateTimesDuration()
    {
        var schedule = new ArrivalSchedule(10, TimeSpan.Zero, TimeSpan.FromSeconds(20));

        Assert.Equal(200, schedule.TotalArrivals);
    }

    [Fact]
    public void TotalArrivals_WithRamp_CountsHalfTheRateDuringTheRamp()
    {
        // 4 s climbing to 10/s bring 20 arrivals, then 16 s at 10/s bring 160.
        var schedule = new ArrivalSchedule(10, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(20));

        Assert.Equal(180, schedule.TotalArrivals);
    }

    [Fact]
    public void TimeOf_WithoutRamp_SpacesArrivalsEvenly()
    {
        var schedule = new ArrivalSchedule(4, TimeSpan.Zero, TimeSpan.FromSeconds(10));

        Assert.Equal(TimeSpan.FromSeconds(0.25), schedule.TimeOf(1));
        Assert.Equal(TimeSpan.FromSeconds(2.5), schedule.TimeOf(10));
        Assert.Equal(TimeSpan.FromSeconds(10), schedule.TimeOf(40));
    }

    [Fact]
    public void TimeOf_EveryArrival_IsWhereTheCumulativeCountReachesIt()
    {
        var schedule = new ArrivalSchedule(37.5, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(9));

        for (var k = 1L; k <= schedule.TotalArrivals; k++)
        {
            // Instants are whole ticks (100 ns): at 37.5/s that is within 4e-6 of an arrival.
            Assert.Equal(k, schedule.CumulativeAt(schedule.TimeOf(k)), 1e-5);
        }
    }

    [Fact]
    public void TimeOf_DuringRamp_BringsArrivalsCloserTogether()
    {
        var schedule = new ArrivalSchedule(100, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20));
        var gaps = Enumerable.Range(1, 400).Select(k => schedule.TimeOf(k + 1) - schedule.TimeOf(k)).ToArray();

        Assert.All(gaps.Zip(gaps.Skip(1)), pair => Assert.True(pair.Second <= pair.First));
        // After the ramp (500 arrivals) the gap is 1/rate.
        Assert.Equal(0.01, (schedule.TimeOf(700) - schedule.TimeOf(699)).TotalSeconds, precision: 9);
    }

    [Fact]
    public void Constructor_RampLongerThanDuration_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ArrivalSchedule(1, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public void Constructor_ZeroRate_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ArrivalSchedule(0, TimeSpan.Zero, TimeSpan.FromSeconds(20)));
    }
}
