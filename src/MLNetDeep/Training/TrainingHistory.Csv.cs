using System.Globalization;
using System.Text;

namespace MLNetDeep;

/// <summary>CSV export of the history: one file for the epochs, one for the steps.</summary>
public sealed partial class TrainingHistory
{
    /// <summary>The header row of <see cref="SaveAsCsv"/>.</summary>
    public const string EpochCsvHeader = "Member,Epoch,TrainingLoss,ValidationLoss,ValidationMetric,LearningRate,DurationSeconds";

    /// <summary>The header row of <see cref="SaveStepsAsCsv"/>.</summary>
    public const string StepCsvHeader = "Member,Step,Epoch,LearningRate,Loss,GradientNorm,LossScale,Skipped";

    /// <summary>
    /// Writes <see cref="Epochs"/> as CSV to <paramref name="path"/> (UTF-8, no byte order mark, <c>\n</c> line ends;
    /// the folder is created if missing, an existing file replaced): the header <see cref="EpochCsvHeader"/>, then one
    /// row per epoch. <c>Member</c> is the index in <see cref="Members"/>: always 0 for a single model; an ensemble
    /// writes every member's epochs in one file, member 0 first. Numbers use the invariant culture and the shortest
    /// text that parses back to the same <see cref="double"/> (<c>double.Parse(text, CultureInfo.InvariantCulture)</c>);
    /// a missing value (no validation data) is an empty field, non-finite values are <c>NaN</c>, <c>Infinity</c>,
    /// <c>-Infinity</c>. <c>DurationSeconds</c> is <see cref="EpochRecord.Duration"/> in seconds. The metric's name is
    /// <see cref="ValidationMetricName"/> (in the JSON file, not in the CSV).
    /// </summary>
    /// <param name="path">The file to write.</param>
    public void SaveAsCsv(string path)
    {
        var text = new StringBuilder(EpochCsvHeader).Append('\n');
        foreach (var (member, history) in MembersOrSelf())
        {
            foreach (EpochRecord e in history.Epochs)
            {
                AppendRow(text, member, Integer(e.Epoch), Number(e.TrainingLoss), Number(e.ValidationLoss), Number(e.ValidationMetric),
                    Number(e.LearningRate), Number(e.Duration.TotalSeconds));
            }
        }

        Write(path, text);
    }

    /// <summary>
    /// Writes <see cref="Steps"/> as CSV to <paramref name="path"/>, in the format of <see cref="SaveAsCsv"/>: the header
    /// <see cref="StepCsvHeader"/>, then one row per optimizer step, every ensemble member's in one file. A step without
    /// gradient clipping has an empty <c>GradientNorm</c>, one without float16 mixed precision an empty <c>LossScale</c>;
    /// <c>Skipped</c> is <c>true</c> or <c>false</c>.
    /// </summary>
    /// <param name="path">The file to write.</param>
    public void SaveStepsAsCsv(string path)
    {
        var text = new StringBuilder(StepCsvHeader).Append('\n');
        foreach (var (member, history) in MembersOrSelf())
        {
            foreach (StepRecord s in history.Steps)
            {
                AppendRow(text, member, Integer(s.Step), Integer(s.Epoch), Number(s.LearningRate), Number(s.Loss), Number(s.GradientNorm),
                    Number(s.LossScale), s.Skipped ? "true" : "false");
            }
        }

        Write(path, text);
    }

    /// <summary>Every member with its index, or this history alone as member 0.</summary>
    private IEnumerable<(int Member, TrainingHistory History)> MembersOrSelf() =>
        _members.Count == 0 ? [(0, this)] : Members.Select((history, member) => (member, history));

    private static void AppendRow(StringBuilder text, int member, params ReadOnlySpan<string> fields)
    {
        text.Append(Integer(member));
        foreach (string field in fields)
            text.Append(',').Append(field);
        text.Append('\n');
    }

    private static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(double? value) => value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    private static void Write(string path, StringBuilder text) =>
        File.WriteAllText(FileToWrite(path), text.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));

    /// <summary>The full path of <paramref name="path"/>, after creating its folder.</summary>
    private static string FileToWrite(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return full;
    }
}
