namespace MLNetDeep.Cli;

/// <summary>The exit codes of <c>mlnetdeep</c>, as documented in the README's "Command line" section.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>The input is wrong (a missing file, an unknown column, an unparsable value, a foreign zip, a budget too small); stderr says what to fix.</summary>
    public const int UserError = 1;

    /// <summary>The command line is wrong (an unknown command or option, a missing required option, a bad option value).</summary>
    public const int UsageError = 2;

    /// <summary>An unexpected failure inside mlnetdeep or the libraries it uses; stderr names the exception.</summary>
    public const int InternalError = 3;
}
