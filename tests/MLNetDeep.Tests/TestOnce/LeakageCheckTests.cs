using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace MLNetDeep.Tests.TestOnce;

/// <summary><c>mlContext.Data.CheckLeakage</c>: each check fires on planted leakage with its specifics and is silent on clean data.</summary>
[TestClass]
public sealed class LeakageCheckTests
{
    private readonly MLContext _ml = new(seed: 1);

    [TestMethod]
    public void CleanData_NoFinding()
    {
        var report = _ml.Data.CheckLeakage(SplitData.Featurized(_ml, SplitData.Rows(200, seed: 1)), SplitData.Featurized(_ml, SplitData.Rows(50, seed: 2, firstId: 200)),
            new LeakageCheckOptions { GroupColumnName = "Group" });

        // Ids 200..249 with 20 groups reuse g0..g19: use disjoint groups for the clean case.
        var clean = _ml.Data.CheckLeakage(SplitData.Featurized(_ml, SplitData.Rows(200, seed: 1, groups: 1000)),
            SplitData.Featurized(_ml, SplitData.Rows(50, seed: 2, firstId: 500, groups: 1000)), new LeakageCheckOptions { GroupColumnName = "Group" });

        Assert.IsFalse(clean.HasLeakage, clean.ToString());
        Assert.AreEqual(2, clean.Checks.Count);
        StringAssert.Contains(clean.ToString(), "no leakage found");
        Assert.AreEqual(LeakageKind.GroupSpan, report.Findings.Single().Kind, report.ToString());
    }

    [TestMethod]
    public void CopiedRows_CountedWithTheirTestRowNumbers_AndLogged()
    {
        var warnings = new List<LoggingEventArgs>();
        _ml.Log += (_, e) =>
        {
            if (e.Kind == ChannelMessageKind.Warning)
            {
                lock (warnings)
                    warnings.Add(e);
            }
        };
        var training = SplitData.Rows(100, seed: 1);
        var test = SplitData.Rows(20, seed: 2, firstId: 100).Concat([training[5], training[17], training[42], training[17]]).ToList();

        var report = _ml.Data.CheckLeakage(SplitData.Featurized(_ml, training), SplitData.Featurized(_ml, test));

        var finding = report.Findings.Single();
        Assert.AreEqual(LeakageKind.DuplicateRows, finding.Kind);
        Assert.AreEqual("20, 21, 22, 23", string.Join(", ", finding.Examples));
        Assert.AreEqual(4, finding.Figures["duplicated rows"]);
        Assert.AreEqual(3, finding.Figures["distinct training rows"]);
        StringAssert.Contains(finding.Message, "4 of 24 test rows (16.7 %) equal a training row (features and label; 3 distinct training rows), e.g. test rows 20, 21, 22, 23 (0-based)");
        var logged = warnings.Single();
        Assert.AreEqual(finding.Message, logged.RawMessage);
        StringAssert.StartsWith(logged.Source, "Leakage");
    }

    [TestMethod]
    public void CopiedFeaturesWithAnotherLabel_AreNotDuplicates()
    {
        var training = SplitData.Rows(60, seed: 1);
        var flipped = SplitData.Rows(60, seed: 1).Take(5).ToList();
        flipped.ForEach(r => r.Label = !r.Label);

        var report = _ml.Data.CheckLeakage(SplitData.Featurized(_ml, training), SplitData.Featurized(_ml, flipped));

        Assert.IsFalse(report.HasLeakage, report.ToString());
    }

    [TestMethod]
    public void LabelCopyFeature_NamedWithSlotAndScore_BinaryAndRegression()
    {
        var binary = _ml.Data.CheckLeakage(SplitData.Featurized(_ml, SplitData.Rows(200, seed: 1), "A", "B", "LabelCopy"),
            SplitData.Featurized(_ml, SplitData.Rows(40, seed: 2, firstId: 200), "A", "B", "LabelCopy"));

        var finding = binary.Findings.Single();
        Assert.AreEqual(LeakageKind.SingleFeature, finding.Kind);
        Assert.AreEqual("LabelCopy (slot 2, AUC 1)", finding.Examples.Single());
        StringAssert.Contains(finding.Message, "1 feature(s) of 'Features' predict the training label almost alone (AUC >= 0.99): LabelCopy (slot 2, AUC 1)");

        var rows = SplitData.Rows(200, seed: 1);
        rows.ForEach(r => r.C = (2 * r.Target) + 1);
        var regression = _ml.Data.CheckLeakage(SplitData.Featurized(_ml, rows), SplitData.Featurized(_ml, SplitData.Rows(40, seed: 2, firstId: 200)),
            new LeakageCheckOptions { LabelColumnName = "Target" });

        StringAssert.Contains(regression.Findings.Single().Message, "(R² >= 0.98): C (slot 2, R² 1)");
    }

    [TestMethod]
    public void GroupInBothSets_NamesTheGroupsAndCounts()
    {
        var training = SplitData.Rows(100, seed: 1, groups: 10);
        var test = SplitData.Rows(30, seed: 2, firstId: 100, groups: 1000);
        test[3].Group = "g4";
        test[7].Group = "g4";
        test[9].Group = "g8";

        var report = _ml.Data.CheckLeakage(SplitData.Featurized(_ml, training), SplitData.Featurized(_ml, test), new LeakageCheckOptions { GroupColumnName = "Group", FeatureColumnName = null });

        var finding = report.Findings.Single();
        Assert.AreEqual(LeakageKind.GroupSpan, finding.Kind);
        Assert.AreEqual("g4, g8", string.Join(", ", finding.Examples));
        StringAssert.Contains(finding.Message, "2 of the 29 groups of 'Group' in the test rows also have training rows (3 test rows), e.g. 'g4', 'g8'");
        Assert.AreEqual(1, report.Checks.Count);
    }

    [TestMethod]
    public void Options_Validated_AndMissingColumnsNamed()
    {
        var data = SplitData.Featurized(_ml, SplitData.Rows(20, seed: 1));

        var e = Assert.ThrowsExactly<ArgumentException>(() => _ml.Data.CheckLeakage(data, data, new LeakageCheckOptions { LabelColumnName = "", GroupColumnName = "" }));
        StringAssert.Contains(e.Message, "LabelColumnName is empty; name the label column. GroupColumnName is empty");
        var missing = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => _ml.Data.CheckLeakage(data, data, new LeakageCheckOptions { FeatureColumnName = null, GroupColumnName = "Patient" }));
        StringAssert.Contains(missing.Message, "GroupColumnName is 'Patient', but the training data has no such column.");
    }
}
