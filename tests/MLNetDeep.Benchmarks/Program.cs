using MLNetDeep.Benchmarks;
using static TorchSharp.torch;

// MLNetDeep benchmarks, printed as a report. Sections: overhead, scoring (includes serving), serving, quality, guard, checksetup, lrfinder, doctor, soak, search (default: all, in that order).
// Example: dotnet run -c Release --project tests/MLNetDeep.Benchmarks -- overhead scoring
string[] known = ["overhead", "scoring", "serving", "quality", "guard", "checksetup", "lrfinder", "doctor", "soak", "search"];
var unknown = args.Where(a => !known.Contains(a, StringComparer.OrdinalIgnoreCase)).ToArray();
if (unknown.Length > 0)
{
    Console.Error.WriteLine($"Unknown section(s): {string.Join(", ", unknown)}. Available: {string.Join(", ", known)} (none given runs all).");
    return 2;
}
bool Run(string section) => args.Length == 0 || args.Contains(section, StringComparer.OrdinalIgnoreCase);

Console.WriteLine("MLNetDeep benchmarks");
Console.WriteLine($"  {Environment.ProcessorCount} logical CPUs, torch threads {get_num_threads()}, OMP_WAIT_POLICY={Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") ?? "(unset)"}");
Console.WriteLine($"  load average at start: {Report.LoadAverage()}");

if (Run("overhead")) DataPathOverhead.Run();
if (Run("scoring")) ScoringCost.Run();
if (Run("scoring") || Run("serving")) ServingCost.Run();
if (Run("quality")) QualityOfDefaults.Run();
if (Run("guard")) GuardCost.Run();
if (Run("checksetup")) CheckSetupCost.Run();
if (Run("lrfinder")) LearningRateFinderBench.Run();
if (Run("doctor")) DoctorOverhead.Run();
if (Run("soak")) SoakBench.Run();
if (Run("search"))
{
    SearchVsDefaults.Run();
    ParallelTrialsBench.Run();
}

Console.WriteLine();
Console.WriteLine($"  load average at end: {Report.LoadAverage()}");
return 0;
