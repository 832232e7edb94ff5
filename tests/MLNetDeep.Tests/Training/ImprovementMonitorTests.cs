using MLNetDeep.Training;

namespace MLNetDeep.Tests.Training;

/// <summary>The one "did the monitored value improve" rule that early stopping and reduce-on-plateau share.</summary>
[TestClass]
public sealed class ImprovementMonitorTests
{
    [TestMethod]
    public void Minimize_WithAbsoluteThreshold_CountsOnlyDropsLargerThanIt()
    {
        var monitor = new ImprovementMonitor(minimize: true, threshold: 0.1, relative: false);

        double[] values = [1.0, 0.95, 0.85, 0.9, double.NaN, 0.7];
        bool[] improved = [.. values.Select((v, i) => monitor.Observe(v, i + 1))];

        bool[] expected = [true, false, true, false, false, true];
        CollectionAssert.AreEqual(expected, improved);
        Assert.AreEqual(0.7, monitor.Best);
        Assert.AreEqual(6, monitor.BestEpoch);
        Assert.AreEqual(0, monitor.EpochsWithoutImprovement);
    }

    [TestMethod]
    public void Maximize_WithRelativeThreshold_ScalesWithTheBestValue()
    {
        var monitor = new ImprovementMonitor(minimize: false, threshold: 0.1, relative: true);

        // From 10, only values above 11 improve; from -10 (a negative best), values above -9.
        Assert.IsTrue(monitor.Observe(10, 1));
        Assert.IsFalse(monitor.Observe(10.9, 2));
        Assert.IsTrue(monitor.Observe(11.5, 3));
        var negative = new ImprovementMonitor(minimize: false, threshold: 0.1, relative: true);
        Assert.IsTrue(negative.Observe(-10, 1));
        Assert.IsFalse(negative.Observe(-9.5, 2));
        Assert.IsTrue(negative.Observe(-8.9, 3));
    }

    [TestMethod]
    public void EpochsWithoutImprovement_CountsFromTheStartAndRestartsOnReset()
    {
        var monitor = new ImprovementMonitor(minimize: true, threshold: 0, relative: false);

        monitor.Observe(double.NaN, 1);
        monitor.Observe(double.NaN, 2);
        Assert.AreEqual(2, monitor.EpochsWithoutImprovement);
        Assert.AreEqual(0, monitor.BestEpoch);
        monitor.ResetWait();
        monitor.Observe(double.PositiveInfinity, 3);
        Assert.AreEqual(1, monitor.EpochsWithoutImprovement);
    }
}
