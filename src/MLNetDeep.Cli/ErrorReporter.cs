using MLNetDeep.Scoring;
using Spectre.Console.Cli;

namespace MLNetDeep.Cli;

/// <summary>Maps an exception to an exit code (<see cref="ExitCodes"/>) and one line on stderr.</summary>
public static class ErrorReporter
{
    /// <summary>Writes the one-line message for <paramref name="exception"/> to <paramref name="errors"/> and returns the exit code.</summary>
    /// <param name="exception">What the command threw.</param>
    /// <param name="errors">Where the line goes (stderr).</param>
    public static int Report(Exception exception, TextWriter errors)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(errors);
        (int code, string message) = Classify(exception);
        errors.WriteLine("error: " + OneLine(message));
        return code;
    }

    /// <summary>The exit code and message for <paramref name="exception"/>.</summary>
    /// <param name="exception">What the command threw.</param>
    public static (int Code, string Message) Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            UserInputException e => (ExitCodes.UserError, e.Message),
            UsageException e => (ExitCodes.UsageError, Sentence(e.Message) + " Run the command with --help for its options."),
            CommandParseException e => (ExitCodes.UsageError, Sentence(e.Message) + " Run the command with --help for its options."),
            CommandRuntimeException e => (ExitCodes.UsageError, Sentence(e.Message) + " Run the command with --help for its options."),
            InvalidModelException e => (ExitCodes.UserError, Sentence(e.Message) + " Pass a model.zip written by `mlnetdeep train`."),
            FileNotFoundException e => (ExitCodes.UserError, $"{e.FileName ?? e.Message} does not exist; check the path."),
            DirectoryNotFoundException e => (ExitCodes.UserError, e.Message + " Check the path."),
            UnauthorizedAccessException e => (ExitCodes.UserError, e.Message + " Check the file's permissions or choose another --output."),
            IOException e => (ExitCodes.UserError, Sentence(e.Message) + " Check the path, or choose another --output."),
            OperationCanceledException => (ExitCodes.UserError, "Canceled."),
            _ => (ExitCodes.InternalError, $"internal error ({exception.GetType().Name}): {exception.Message} Please report it with the command line that caused it."),
        };
    }

    private static string Sentence(string message) => message.TrimEnd().EndsWith('.') ? message.TrimEnd() : message.TrimEnd() + ".";

    private static string OneLine(string message) => string.Join(" ", message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()));
}
