using System.Globalization;
using System.Text;

namespace MLNetDeep.Cli.CodeGeneration;

/// <summary>Turns column names into distinct C# property names (PascalCase, letters, digits and underscores).</summary>
public static class Identifiers
{
    /// <summary>One property name per column name, in order, distinct.</summary>
    /// <param name="names">The column names.</param>
    public static IReadOnlyList<string> For(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var used = new HashSet<string>(StringComparer.Ordinal) { "ModelInput", "ModelOutput" };
        var result = new List<string>();
        foreach (string name in names)
        {
            string candidate = Pascal(name);
            string unique = candidate;
            for (int i = 2; !used.Add(unique); i++)
                unique = candidate + i.ToString(CultureInfo.InvariantCulture);
            result.Add(unique);
        }
        return result;
    }

    /// <summary>A C# string literal of <paramref name="value"/>.</summary>
    /// <param name="value">Any text.</param>
    public static string Literal(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder("\"");
        foreach (char c in value)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }
        return builder.Append('"').ToString();
    }

    private static string Pascal(string name)
    {
        var builder = new StringBuilder();
        bool upper = true;
        foreach (char c in name)
        {
            if (char.IsLetterOrDigit(c) && c < 128)
            {
                builder.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            else
            {
                upper = true;
            }
        }
        if (builder.Length == 0 || char.IsDigit(builder[0]))
            builder.Insert(0, "Column");
        return builder.ToString();
    }
}
