using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MLNetDeep.Tests.Examples;

/// <summary>
/// A built example that serves HTTP (examples/Name, built with the tests), running in a child process on a free
/// 127.0.0.1 port until disposed; disposing kills it and deletes its working folder.
/// </summary>
internal sealed class ExampleServer : IDisposable
{
    private readonly Process _process;
    private readonly string _workingFolder;
    private readonly StringBuilder _output = new();

    private ExampleServer(Process process, string workingFolder, Uri address)
    {
        _process = process;
        _workingFolder = workingFolder;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>A client whose base address is the server's.</summary>
    public HttpClient Client { get; }

    /// <summary>What the server printed so far (standard output and error).</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>"running", or "exited with code N" (a crash shows here when the output says nothing).</summary>
    public string State => _process.HasExited ? $"exited with code {_process.ExitCode}" : "running";

    /// <summary>
    /// Starts examples/<paramref name="name"/> with <paramref name="arguments"/> plus <c>--urls</c> and waits until
    /// <paramref name="healthPath"/> answers 200; fails the test if the server exits or is not healthy in time.
    /// </summary>
    public static async Task<ExampleServer> StartAsync(string name, string healthPath, TimeSpan timeout, params string[] arguments)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        string workingFolder = Directory.CreateTempSubdirectory("mlnetdeep-server-").FullName;
        var start = ExampleRunner.StartInfo(name, workingFolder, arguments.Append("--urls").Append(address.ToString().TrimEnd('/')));
        var server = new ExampleServer(Process.Start(start)!, workingFolder, address);
        try
        {
            var clock = Stopwatch.StartNew();
            while (!await server.IsHealthyAsync(healthPath))
            {
                if (server._process.HasExited)
                    Assert.Fail($"examples/{name} exited with code {server._process.ExitCode} before it was healthy:\n{server.Output}");
                if (clock.Elapsed > timeout)
                    Assert.Fail($"examples/{name} was not healthy within {timeout}:\n{server.Output}");
                await Task.Delay(100);
            }
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Kills the server and deletes its working folder.</summary>
    public void Dispose()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        _process.Dispose();
        Directory.Delete(_workingFolder, recursive: true);
    }

    private async Task<bool> IsHealthyAsync(string healthPath)
    {
        try
        {
            using var response = await Client.GetAsync(new Uri(healthPath, UriKind.Relative));
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false; // Not listening yet.
        }
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
