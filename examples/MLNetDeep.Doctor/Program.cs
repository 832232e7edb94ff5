using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep;
using MLNetDeep.Examples;

// The setup check and the training doctor on a deliberately broken setup, then on the fixed one. Broken: spambase's raw
// features (one column reaches 15,841, most stay below 1) with the network's own standardization turned off, a column
// that leaks the label ("reported_spam", known only after the mail was judged), and a learning rate 250 times the
// default. CheckSetup runs its checks before any training; Diagnose() reads the history of a short, instrumented fit.
// Options: --epochs N (default 12), --sample F (fraction of the rows, default 1), --rate R (the broken learning rate,
// default 0.5).
int epochs = ExampleOptions.Integer(args, "--epochs", 12);
double sample = ExampleOptions.Number(args, "--sample", 1);
double brokenRate = ExampleOptions.Number(args, "--rate", 0.5);
const int Seed = 1;
var ml = new MLContext(seed: Seed);

var (data, fixedPreprocessing) = BundledDatasets.Spambase(ml);
var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: Seed);
IDataView train = ExampleOptions.Sample(ml, split.TrainSet, sample, Seed);

// The broken pipeline: the label, a copy of it as a feature, and the raw features, not normalized.
var brokenPreprocessing = ml.Transforms.Conversion.MapValue("Label", new Dictionary<string, bool> { ["spam"] = true, ["nonspam"] = false }, "type")
    .Append(ml.Transforms.Conversion.ConvertType("reported_spam", "Label", DataKind.Single))
    .Append(ml.Transforms.Concatenate("Features", "Raw", "reported_spam"));
var broken = new DeepMlpBinaryTrainer.Options { StandardizeFeatures = false, LearningRate = brokenRate };
var fixedOptions = new DeepMlpBinaryTrainer.Options();   // the defaults, behind NormalizeMeanVariance and without the leak

var brokenRun = Examine("Broken setup", brokenPreprocessing, broken);
var fixedRun = Examine("Fixed setup", fixedPreprocessing, fixedOptions);

// Every finding carries its figures by name: here, how far the raw features are from standardized.
var scale = brokenRun.Setup[SetupCheckNames.FeatureScale].Figures;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"\nBroken setup's training features: max |mean| {scale["max |mean|"]:F1}, standard deviations {scale["min standard deviation"]:G3} to {scale["max standard deviation"]:F1}"));

Console.WriteLine("\nWhat the fix changed");
Console.WriteLine($"  {"setup check",-22} {"broken",-8} {"fixed",-8}");
foreach (var finding in brokenRun.Setup.Findings)
    Console.WriteLine($"  {finding.Name,-22} {finding.Status,-8} {fixedRun.Setup.Findings.FirstOrDefault(f => f.Name == finding.Name)?.Status.ToString() ?? "-",-8}");
Console.WriteLine($"  {"doctor's problem",-22} {"broken",-8} {"fixed",-8}");
foreach (var problem in brokenRun.Diagnosis.Findings.Concat(fixedRun.Diagnosis.Findings).Select(f => f.Problem).Distinct())
    Console.WriteLine($"  {problem,-22} {Severity(brokenRun.Diagnosis, problem),-8} {Severity(fixedRun.Diagnosis, problem),-8}");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"\nTest accuracy: broken {brokenRun.Accuracy:F4}, fixed {fixedRun.Accuracy:F4} (the broken setup's leak is in the test rows too, yet it learns less)"));

(SetupReport Setup, TrainingDiagnosis Diagnosis, double Accuracy) Examine(string title, IEstimator<ITransformer> preprocessing, DeepMlpBinaryTrainer.Options options)
{
    options.NumberOfEpochs = epochs;
    options.Seed = Seed;
    options.HiddenLayerSizes = [128, 64];
    options.ValidationFraction = 0.1;                      // validation loss per epoch, for the overfitting rule
    options.GradientStatisticsEveryNSteps = 5;             // per-layer gradient figures, for the gradient-flow rules
    options.DivergenceGuard.Action = DivergenceAction.RestoreLastFiniteWeights;   // keep a diverged fit, to diagnose it
    var trainer = ml.BinaryClassification.Trainers.DeepMlp(options);

    Console.WriteLine($"\n== {title} ==");
    SetupReport setup = trainer.CheckSetup(preprocessing, train);   // fits the preprocessing on the training rows only
    Console.WriteLine(setup);

    var model = preprocessing.Append(trainer).Fit(train);
    TrainingDiagnosis diagnosis = model.LastTransformer.Model.History.Diagnose();
    Console.WriteLine();
    Console.WriteLine(diagnosis);
    return (setup, diagnosis, ml.BinaryClassification.Evaluate(model.Transform(split.TestSet)).Accuracy);
}

static string Severity(TrainingDiagnosis diagnosis, TrainingProblem problem) => diagnosis[problem]?.Severity.ToString() ?? "-";
