using Microsoft.ML;
using MLNetDeep.Models;
using MLNetDeep.Scoring;

namespace MLNetDeep.Tasks;

/// <summary>
/// The names of the multiclass <c>Score</c> slots. ML.NET's public API gives slot names that survive save and load
/// only through <c>Concatenate</c>, which names each scalar input's slot after its column; so the scoring chain names
/// one column after each class for a moment, and the names must be usable, distinct column names.
/// </summary>
/// <remarks>
/// The class names (the label's KeyValues as text, in key order) are used when every one is non-empty, not only
/// white space, free of control characters and lone surrogates, distinct, not a column of the training data, not
/// <c>Score</c>, <c>PredictedLabel</c> or the feature or label column, and does not start with
/// <see cref="ScoringColumnNames.Prefix"/>. Otherwise (or when the label has no class names) every slot is named
/// <c>Class0</c>, <c>Class1</c>, …; if one of those is taken too, <c>Class0_2</c>, <c>Class1_2</c>, … with the first
/// suffix _n (n = 2, 3, …) whose names are all free, which always exists. A note in the history says why.
/// </remarks>
internal static class ScoreSlotNames
{
    public static IReadOnlyList<string> Choose(int classCount, ScoringChainInputs inputs)
    {
        Dictionary<string, string> taken = TakenNames(inputs);
        IReadOnlyList<string>? classNames = inputs.Label is { } label ? KeyValuesAnnotation.Names(label) : null;
        string? problem = classNames is null
            ? "the label has no class names (KeyValues)"
            : FirstProblem(classNames, classCount, taken);
        if (problem is null)
            return classNames!;

        for (int attempt = 1; ; attempt++)
        {
            string suffix = attempt == 1 ? string.Empty : $"_{attempt}";
            string[] names = [.. Enumerable.Range(0, classCount).Select(i => $"Class{i}{suffix}")];
            string? blocked = names.FirstOrDefault(taken.ContainsKey);
            if (blocked is not null)
            {
                problem += $"; '{blocked}' is {taken[blocked]}";
                continue;
            }

            inputs.History.AddNote($"Score's slots are named {names[0]}…{names[^1]} instead of the class names: {problem}. "
                + "Slot names become column names for a moment while scoring; they must be distinct, usable column names that "
                + $"no column of the training data, no output column and no MLNetDeep column ('{ScoringColumnNames.Prefix}…') has.");
            return names;
        }
    }

    /// <summary>Names the class names must not take, each with why, for the note.</summary>
    private static Dictionary<string, string> TakenNames(ScoringChainInputs inputs)
    {
        var taken = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DataViewSchema.Column column in inputs.TrainingSchema)
            taken[column.Name] = "a column of the training data";
        taken[inputs.FeatureColumnName] = "the feature column";
        if (inputs.Label is { } label)
            taken[label.Name] = "the label column";
        taken[MulticlassColumns.Score] = "an output column";
        taken[MulticlassColumns.PredictedLabel] = "an output column";
        return taken;
    }

    private static string? FirstProblem(IReadOnlyList<string> names, int classCount, Dictionary<string, string> taken)
    {
        if (names.Count != classCount)
            return $"the label has {names.Count} class names for {classCount} classes";
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int key = 0; key < names.Count; key++)
        {
            string name = names[key];
            if (string.IsNullOrWhiteSpace(name))
                return $"the class name of key {key} is empty or white space";
            if (name.Any(char.IsControl))
                return $"the class name of key {key} contains control characters";
            if (!IsWellFormed(name))
                return $"the class name of key {key} is not well-formed Unicode text";
            if (name.StartsWith(ScoringColumnNames.Prefix, StringComparison.Ordinal))
                return $"class name '{name}' starts with '{ScoringColumnNames.Prefix}', which MLNetDeep reserves";
            if (taken.TryGetValue(name, out string? owner))
                return $"class name '{name}' is {owner}";
            if (!seen.Add(name))
                return $"class name '{name}' appears more than once";
        }

        return null;
    }

    /// <summary>False for lone surrogates, which a saved model would write as U+FFFD (the names would change on load).</summary>
    private static bool IsWellFormed(string name)
    {
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsHighSurrogate(name[i]) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
                i++;
            else if (char.IsSurrogate(name[i]))
                return false;
        }

        return true;
    }
}
