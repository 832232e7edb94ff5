using System.Globalization;

namespace MLNetDeep.Benchmarks;

/// <summary>
/// Peak resident memory of a fit by phase, for the big-table benchmark: the peak up to <c>OnTrainBegin</c> (loading,
/// the validating scan that writes the spill file), during the epochs (up to the last <c>OnEpochEnd</c>), and after
/// (the fitted model, its ONNX export), each with the managed heap at its end. The process's peak (VmHWM) is reset
/// between phases through /proc/self/clear_refs; where that is not allowed the phases after the first show the
/// process's peak so far.
/// </summary>
internal sealed class RssPhases : TrainingCallback
{
    private readonly List<string> _phases = [];

    /// <summary>The phases so far, as "name peak MB (heap MB)".</summary>
    public IReadOnlyList<string> Phases => _phases;

    /// <summary>The largest phase peak in kB: the process's peak resident set.</summary>
    public long PeakKilobytes { get; private set; }

    /// <summary>The largest peak in kB of the phases up to the last epoch's end (loading, scan, training).</summary>
    public long TrainingPeakKilobytes { get; private set; }

    public override void OnTrainBegin(TrainingContext context) => EndPhase("scan");

    public override void OnEpochEnd(TrainingContext context, EpochRecord record)
    {
        EndPhase($"epoch{record.Epoch}");
        TrainingPeakKilobytes = PeakKilobytes;
    }

    /// <summary>Records the peak of the phase that ends now and starts the next.</summary>
    public void EndPhase(string name)
    {
        long peak = BigTableChild.StatusKilobytes("VmHWM");
        PeakKilobytes = Math.Max(PeakKilobytes, peak);
        _phases.Add(string.Create(CultureInfo.InvariantCulture, $"{name} {peak / 1024.0:F0} MB (heap {GC.GetTotalMemory(false) / 1e6:F0} MB)"));
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");   // resets VmHWM to the current resident set
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not allowed here: later phases report the process's peak so far.
        }
    }
}
