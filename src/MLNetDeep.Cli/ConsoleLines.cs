using Spectre.Console;

namespace MLNetDeep.Cli;

/// <summary>Plain lines on a Spectre console, written straight to its output so that long lines are never wrapped.</summary>
public static class ConsoleLines
{
    /// <summary>Writes <paramref name="text"/> and a newline, unwrapped.</summary>
    /// <param name="console">The console.</param>
    /// <param name="text">The text (may span lines).</param>
    public static void Line(this IAnsiConsole console, string text)
    {
        ArgumentNullException.ThrowIfNull(console);
        console.Profile.Out.Writer.WriteLine(text);
    }
}
