using Microsoft.ML;
using MLNetDeep.Interruption;
using MLNetDeep.Tests.Trainers;
using static MLNetDeep.Tests.Checkpoints.CheckpointTestKit;

namespace MLNetDeep.Tests.Checkpoints;

/// <summary>A fit killed in a child process (SIGKILL, mid-epoch, in the second ensemble member) resumes to the weights of an uninterrupted fit.</summary>
[TestClass]
public sealed class KilledFitTests
{
    [TestMethod]
    public void FitKilledInAChildProcess_ResumesToTheWeightsOfAnUninterruptedFit()
    {
        string folder = NewFolder();
        try
        {
            var ml = new MLContext(seed: 1);
            string dataPath = Path.Combine(folder, "data.idv");
            string checkpoints = Path.Combine(folder, "checkpoints");
            using (var stream = File.Create(dataPath))
                ml.Data.SaveAsBinary(SyntheticData.Regression(ml, 160), stream);

            // Member 1 takes 6 epochs of 8 batches; batch 68 is the 4th of member 2's 3rd epoch.
            var (exitCode, output, errors) = ChildProcess.Run(
                ChildProcess.BuiltDll("tests/MLNetDeep.Interruption", "MLNetDeep.Interruption"), folder, TimeSpan.FromMinutes(3), dataPath, checkpoints, "68");

            if (OperatingSystem.IsLinux())
                Assert.AreEqual(137, exitCode, $"killed by SIGKILL\n{output}\n{errors}");
            else
                Assert.IsFalse(exitCode is 0 or 2 or 3, $"killed\n{output}\n{errors}");
            StringAssert.Contains(output, "killing the process in member-epoch 3");
            var resumed = new DeepMlpRegressionTrainer(InterruptedFit.Options(checkpoints, resume: true)).Fit(InterruptedFit.Load(ml, dataPath));
            var uninterrupted = new DeepMlpRegressionTrainer(InterruptedFit.Options(null, resume: false)).Fit(InterruptedFit.Load(ml, dataPath));

            CollectionAssert.AreEqual(Weights(uninterrupted), Weights(resumed));
            StringAssert.Contains(resumed.History.Notes[^1], "member-02-epoch-0002.ckpt' (member 2, epoch 2, step 16");
            Assert.HasCount(2, resumed.History.Members);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
