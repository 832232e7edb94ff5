using System.Text;

namespace MLNetDeep.Cli.Data;

/// <summary>A CSV file read into memory: the header, the records as text, and each record's line number in the file.</summary>
/// <param name="Path">The file it was read from (full path).</param>
/// <param name="Separator">The field separator (comma, semicolon or tab, chosen from the header line).</param>
/// <param name="Header">The column names.</param>
/// <param name="Rows">The records, each with exactly one field per column.</param>
/// <param name="LineNumbers">The 1-based line of the file where each record starts (the header is line 1).</param>
public sealed record CsvTable(string Path, char Separator, IReadOnlyList<string> Header, IReadOnlyList<string[]> Rows, IReadOnlyList<int> LineNumbers)
{
    private static readonly char[] Separators = [',', ';', '\t'];

    /// <summary>Reads <paramref name="path"/>: a header line, then one record per line; fields may be quoted with double quotes.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="what">What the file is for, in messages (for example "--dataset").</param>
    /// <exception cref="UserInputException">The file is missing or empty, a header name is blank or repeated, or a record has the wrong number of fields.</exception>
    public static CsvTable Read(string path, string what)
    {
        string full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new UserInputException($"{what} file '{path}' does not exist (looked for {full}); check the path.");
        using var reader = new StreamReader(full, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        string? first = reader.ReadLine();
        if (string.IsNullOrWhiteSpace(first))
            throw new UserInputException($"{what} file '{path}' is empty; it needs a header line naming the columns, then one row per line.");
        char separator = Separators.OrderByDescending(c => first.Count(x => x == c)).First();
        int line = 1;
        string[] header = [.. Split(first, separator, reader, ref line).Select(h => h.Trim())];
        if (header.FirstOrDefault(string.IsNullOrWhiteSpace) is not null)
            throw new UserInputException($"{what} file '{path}': the header (line 1) has a blank column name; name every column.");
        if (header.GroupBy(h => h, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } repeated)
            throw new UserInputException($"{what} file '{path}': the header names column '{repeated.Key}' twice; rename one of them.");

        var rows = new List<string[]>();
        var lines = new List<int>();
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0)
                continue;
            int start = line;
            string[] fields = Split(text, separator, reader, ref line);
            if (fields.Length != header.Length)
            {
                throw new UserInputException(
                    $"{what} file '{path}', line {start}: {fields.Length} fields, but the header has {header.Length}; fix the row (quote fields that contain '{Show(separator)}').");
            }
            rows.Add(fields);
            lines.Add(start);
        }
        return new CsvTable(full, separator, header, rows, lines);
    }

    /// <summary>The index of column <paramref name="name"/>, or -1.</summary>
    /// <param name="name">The column name (exact, case-sensitive).</param>
    public int IndexOf(string name) => Header.ToList().IndexOf(name);

    /// <summary>Writes a header and records as a comma-separated file, quoting fields that need it.</summary>
    /// <param name="path">The file to write (replaced).</param>
    /// <param name="header">The column names.</param>
    /// <param name="rows">The records.</param>
    public static void Write(string path, IEnumerable<string> header, IEnumerable<string[]> rows)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        Write(writer, header, rows);
    }

    /// <summary>Writes a header and records, comma-separated, to <paramref name="writer"/>.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="header">The column names.</param>
    /// <param name="rows">The records.</param>
    public static void Write(TextWriter writer, IEnumerable<string> header, IEnumerable<string[]> rows)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine(string.Join(",", header.Select(Quote)));
        foreach (string[] row in rows)
            writer.WriteLine(string.Join(",", row.Select(Quote)));
    }

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) >= 0 || field != field.Trim() ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;

    private static string Show(char separator) => separator == '\t' ? "\\t" : separator.ToString();

    /// <summary>Splits one record; a quoted field may span lines, which are then read from <paramref name="reader"/>.</summary>
    private static string[] Split(string text, char separator, StreamReader reader, ref int line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; ; i++)
        {
            if (i == text.Length)
            {
                if (quoted && reader.ReadLine() is { } next)
                {
                    line++;
                    field.Append('\n');
                    text = next;
                    i = -1;
                    continue;
                }
                fields.Add(field.ToString());
                return [.. fields];
            }
            char c = text[i];
            if (quoted)
            {
                if (c != '"')
                    field.Append(c);
                else if (i + 1 < text.Length && text[i + 1] == '"')
                    field.Append(text[++i]);
                else
                    quoted = false;
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == separator)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c != '\r')
            {
                field.Append(c);
            }
        }
    }
}
