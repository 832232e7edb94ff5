namespace MLNetDeep.Cli;

/// <summary>A wrong option value found after parsing, reported as one line with exit code <see cref="ExitCodes.UsageError"/>.</summary>
public sealed class UsageException : Exception
{
    /// <summary>An exception with a generic message.</summary>
    public UsageException()
        : base("The command line is not valid; run with --help.")
    {
    }

    /// <summary>An exception naming the option and its valid values.</summary>
    /// <param name="message">One line: which option is wrong and what it accepts.</param>
    public UsageException(string message)
        : base(message)
    {
    }

    /// <summary>An exception naming the option, caused by <paramref name="innerException"/>.</summary>
    /// <param name="message">One line: which option is wrong and what it accepts.</param>
    /// <param name="innerException">The failure that revealed it.</param>
    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
