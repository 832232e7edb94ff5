namespace MLNetDeep.Cli;

/// <summary>A problem with the user's input, reported as one line on stderr with exit code <see cref="ExitCodes.UserError"/>.</summary>
public sealed class UserInputException : Exception
{
    /// <summary>An exception with a generic message.</summary>
    public UserInputException()
        : base("The input is not valid.")
    {
    }

    /// <summary>An exception whose message names the file, column, value or row and says what to do.</summary>
    /// <param name="message">One line: what is wrong and how to fix it.</param>
    public UserInputException(string message)
        : base(message)
    {
    }

    /// <summary>An exception whose message names the problem, caused by <paramref name="innerException"/>.</summary>
    /// <param name="message">One line: what is wrong and how to fix it.</param>
    /// <param name="innerException">The failure that revealed it.</param>
    public UserInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
