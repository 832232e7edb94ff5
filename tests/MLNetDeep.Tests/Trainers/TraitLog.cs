using System.Reflection;

namespace MLNetDeep.Tests.Trainers;

/// <summary>
/// Runs the named traits of a conformance check, records every failure instead of stopping at the first, and fails
/// once at the end with the list (so one run shows all that is wrong).
/// </summary>
internal sealed class TraitLog
{
    private readonly List<string> _failures = [];

    /// <summary>How many traits ran.</summary>
    public int Count { get; private set; }

    /// <summary>Runs <paramref name="check"/> as one trait; an exception or failed assertion is recorded.</summary>
    public void Check(string trait, Action check)
    {
        Count++;
        try
        {
            check();
        }
#pragma warning disable CA1031 // Every failure of a trait is recorded; the log fails the test at the end.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _failures.Add($"{trait}: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>A trait whose result later traits need: its failure ends the check at once, listing what failed so far.</summary>
    public T Require<T>(string trait, Func<T> produce)
    {
        T result = default!;
        int failuresBefore = _failures.Count;
        Check(trait, () => result = produce());
        if (_failures.Count > failuresBefore)
            AssertAllPassed();
        return result;
    }

    /// <summary>
    /// A trait that <paramref name="action"/> fails as ML.NET's workout test requires: with ArgumentOutOfRangeException or
    /// InvalidOperationException, or a TargetInvocationException whose innermost exception is one of those.
    /// </summary>
    public void MustFail(string trait, Func<object?> action) => Check(trait, () =>
    {
        object? result;
        try
        {
            result = action();
        }
        catch (Exception e) when (IsSchemaError(e))
        {
            return;
        }
        (result as IDisposable)?.Dispose();
        Assert.Fail("succeeded, but must fail with ArgumentOutOfRangeException or InvalidOperationException");
    });

    /// <summary>Fails the test if any trait failed, listing each.</summary>
    public void AssertAllPassed()
    {
        Assert.IsEmpty(_failures, $"{_failures.Count} of {Count} traits failed:{Environment.NewLine}{string.Join(Environment.NewLine, _failures)}");
        Console.WriteLine($"All {Count} traits passed.");
    }

    private static bool IsSchemaError(Exception error)
    {
        if (error is TargetInvocationException)
        {
            while (error.InnerException is { } inner)
                error = inner;
        }
        return error is ArgumentOutOfRangeException or InvalidOperationException;
    }
}
