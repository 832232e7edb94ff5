using System.Diagnostics;

namespace MLNetDeep.Tests.Examples;

/// <summary>Runs a built example (examples/Name, built with the tests) in a child process, in a fresh working folder.</summary>
internal static class ExampleRunner
{
    /// <summary>Runs examples/<paramref name="name"/> with <paramref name="arguments"/>; fails the test unless it exits 0 in time. Returns its output.</summary>
    public static string Run(string name, TimeSpan timeout, params string[] arguments) => Run(name, timeout, inspect: null, arguments);

    /// <summary>
    /// Like <see cref="Run(string, TimeSpan, string[])"/>, then calls <paramref name="inspect"/> with the working folder
    /// (to check the files the example wrote) before deleting it.
    /// </summary>
    public static string Run(string name, TimeSpan timeout, Action<string>? inspect, params string[] arguments)
    {
        string workingFolder = Directory.CreateTempSubdirectory("mlnetdeep-example-").FullName;
        try
        {
            var (exitCode, output, errors) = ChildProcess.Run(DllPath(name), workingFolder, timeout, arguments);
            Assert.AreEqual(0, exitCode, $"examples/{name} failed:\n{output}\n{errors}");
            inspect?.Invoke(workingFolder);
            return output;
        }
        finally
        {
            Directory.Delete(workingFolder, recursive: true);
        }
    }

    /// <summary>The built dll of examples/<paramref name="name"/>, in the tests' configuration; fails the test if it is missing.</summary>
    public static string DllPath(string name) => ChildProcess.BuiltDll("examples/" + name, name);

    /// <summary>How to start examples/<paramref name="name"/> with <paramref name="arguments"/> in <paramref name="workingFolder"/>, output redirected.</summary>
    public static ProcessStartInfo StartInfo(string name, string workingFolder, IEnumerable<string> arguments) =>
        ChildProcess.StartInfo(DllPath(name), workingFolder, arguments);
}
