using System.Reflection;
using MLNetDeep.Cli.Data;
using MLNetDeep.Cli.Training;

namespace MLNetDeep.Cli.CodeGeneration;

/// <summary>What the generated code needs to know about a trained model.</summary>
/// <param name="Runner">The task (catalog and metric).</param>
/// <param name="Label">The label and its classes.</param>
/// <param name="Columns">The model's input columns, in test.csv's order.</param>
/// <param name="Metric">The metric the CLI printed, shown in the generated Program as the expected value.</param>
/// <param name="ScoringProject">The MLNetDeep.Scoring project to reference; null: the MLNETDEEP_SCORING_PROJECT environment variable, else the package.</param>
public sealed record GeneratedCodeSpec(TaskRunner Runner, LabelInfo Label, IReadOnlyList<DataColumn> Columns, double Metric, string? ScoringProject)
{
    /// <summary>The environment variable naming the MLNetDeep.Scoring project when <c>--scoring-project</c> is not given.</summary>
    public const string ScoringProjectVariable = "MLNETDEEP_SCORING_PROJECT";

    /// <summary>The reference to MLNetDeep.Scoring for the generated csproj files.</summary>
    /// <exception cref="UserInputException">The project file given does not exist.</exception>
    public string ScoringReference()
    {
        string? project = ScoringProject ?? Environment.GetEnvironmentVariable(ScoringProjectVariable);
        if (string.IsNullOrWhiteSpace(project))
            return $"<PackageReference Include=\"MLNetDeep.Scoring\" Version=\"{VersionOf(typeof(GeneratedCodeSpec).Assembly)}\" />";
        string full = Path.GetFullPath(project);
        if (!File.Exists(full))
            throw new UserInputException($"--scoring-project (or {ScoringProjectVariable}) names '{project}', which does not exist; give the path of src/MLNetDeep.Scoring/MLNetDeep.Scoring.csproj.");
        return $"<ProjectReference Include=\"{System.Security.SecurityElement.Escape(full)}\" />";
    }

    /// <summary>The package version of the assembly <paramref name="assembly"/> (its informational version without the commit).</summary>
    /// <param name="assembly">An assembly of a package.</param>
    public static string VersionOf(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        string version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version!.ToString(3);
        int plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
