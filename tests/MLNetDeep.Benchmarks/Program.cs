using MLNetDeep.Benchmarks;
using static TorchSharp.torch;

// MLNetDeep benchmarks, printed as a report. Sections: overhead, scoring (includes serving), serving, quality, guard, checksetup, lrfinder, doctor, soak, search, hardware, tables, loading (default: all, in that order);
// bigtable (issue 19: writes GBs of .idv files and takes long) and architectures (issue 22: candidate defaults against FastTree and LightGBM, long) run only when named.
// Example: dotnet run -c Release --project tests/MLNetDeep.Benchmarks -- overhead scoring
string[] known = ["overhead", "scoring", "serving", "quality", "guard", "checksetup", "lrfinder", "doctor", "soak", "search", "hardware", "tables", "loading", "bigtable", "architectures"];
if (args is [BigTableChild.Argument, .. var childArguments])
    return BigTableChild.Run(childArguments);   // the big-table section's child process
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
if (Run("hardware")) MLNetDeep.Benchmarks.Hardware.CloseToTheHardware.Run();
if (Run("tables")) MLNetDeep.Benchmarks.Tables.SmallTables.Run(MLNetDeep.Benchmarks.Tables.TableOptionSets.FromEnvironment());
if (Run("loading")) LoadingBench.Run();
if (args.Contains("bigtable", StringComparer.OrdinalIgnoreCase)) BigTableBench.Run();
if (args.Contains("architectures", StringComparer.OrdinalIgnoreCase)) MLNetDeep.Benchmarks.Architectures.ArchitectureBench.Run(MLNetDeep.Benchmarks.Architectures.ArchitectureCandidates.FromEnvironment());

Console.WriteLine();
Console.WriteLine($"  load average at end: {Report.LoadAverage()}");
return 0;
