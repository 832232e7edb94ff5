using Microsoft.ML;
using MLNetDeep.Plots;
using MLNetDeep.Tests.Trainers;
using static MLNetDeep.Tests.Doctor.DoctorHistories;

namespace MLNetDeep.Tests.Doctor;

/// <summary>The diagnosis as Markdown (heading, findings table, plot links) and as the Plots library's report folder.</summary>
[TestClass]
public sealed class DiagnosisMarkdownTests : TemporaryFolderTest
{
    private static readonly string[] ReportFiles = ["diagnosis.md", "gradient-norms.png", "learning-rate.png", "loss.png", "metric.png"];

    [TestMethod]
    public void ToMarkdown_GivesHeadingAndOneTableRowPerFinding()
    {
        var history = Layers([("hidden1", 1, null, 1e-3), ("output", 1, null, 1e-3)]);

        string markdown = history.Diagnose().ToMarkdown();

        Assert.AreEqual(
            "## Training diagnosis\n\nTraining diagnosis: 2 epochs, 0 steps, 2 layer statistics records\n\n"
            + "| Severity | Problem | Evidence | Remedies |\n|---|---|---|---|\n"
            + "| Info | Overfitting | Not checked: there is no validation data. | ValidationFraction = 0.1 (or pass validation data to Fit) to track the validation loss |\n",
            markdown);
    }

    [TestMethod]
    public void ToMarkdown_JoinsRemediesWithLineBreaks_AndLinksThePlotsInTheFolder()
    {
        var history = Epochs([1.0, 1.25]);
        string plots = Path.Combine(Folder, "plots");
        Directory.CreateDirectory(plots);
        File.WriteAllBytes(Path.Combine(plots, "loss.png"), [1]);
        File.WriteAllBytes(Path.Combine(plots, "a b.png"), [1]);

        string markdown = history.Diagnose().ToMarkdown(plots, linkFolder: "out/plots");

        StringAssert.Contains(markdown, "| Warning | LearningRateTooHigh | the last training loss 1.25 is 25% above the best epoch's 1 (threshold 25%) | "
            + "LearningRate = 0.0001 (a tenth of the highest rate used, 0.001)<br>LearningRate = the rate trainer.FindLearningRate(data) suggests<br>GradientClippingNorm = 1<br>WarmupFraction = 0.05 |\n");
        StringAssert.EndsWith(markdown, "\n![a b](out/plots/a%20b.png)\n\n![loss](out/plots/loss.png)\n");
        Assert.DoesNotContain("![", history.Diagnose().ToMarkdown(Path.Combine(Folder, "missing")));
    }

    [TestMethod]
    public void SaveDiagnosis_WritesThePlotsTheGradientPlotAndMarkdownLinkingThem()
    {
        var ml = new MLContext(seed: 1);
        var options = new DeepMlpBinaryTrainer.Options { HiddenLayerSizes = [8], NumberOfEpochs = 4, BatchSize = 16, ValidationFraction = 0.25, GradientStatisticsEveryNSteps = 2, Seed = 1 };
        using var model = new DeepMlpBinaryTrainer(options).Fit(SyntheticData.Binary(ml, 96));

        string path = model.History.SaveDiagnosis(Folder, width: 300, height: 200);

        Assert.AreEqual(Path.Combine(Folder, "diagnosis.md"), path);
        CollectionAssert.AreEqual(ReportFiles, Directory.GetFiles(Folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray());
        string markdown = File.ReadAllText(path);
        // 72 training rows in batches of 16: 5 steps per epoch, 20 in all; every second one instrumented, 2 layers each.
        StringAssert.StartsWith(markdown, "## Training diagnosis\n\nTraining diagnosis: 4 epochs, 20 steps, 20 layer statistics records\n\n");
        StringAssert.EndsWith(markdown, "\n![gradient-norms](gradient-norms.png)\n\n![learning-rate](learning-rate.png)\n\n![loss](loss.png)\n\n![metric](metric.png)\n");
    }
}
