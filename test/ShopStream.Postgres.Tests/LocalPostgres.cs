using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ShopStream.Postgres.Tests;

/// <summary>
/// A private PostgreSQL server for the tests: <c>initdb</c> into a fresh temp folder and <c>pg_ctl start</c> on a free
/// port of 127.0.0.1, with its unix socket in that folder, trust authentication and no fsync (test data only).
/// As root it runs the tools as the <c>postgres</c> user (initdb refuses root) and gives that user the folder.
/// Disposing stops the server and deletes the folder.
/// </summary>
internal sealed class LocalPostgres : IDisposable
{
    private readonly string _bin;
    private readonly string _folder;
    private readonly bool _asPostgresUser;

    private LocalPostgres(string bin, string folder, int port, bool asPostgresUser)
    {
        _bin = bin;
        _folder = folder;
        Port = port;
        _asPostgresUser = asPostgresUser;
    }

    public int Port { get; }

    private string DataFolder => Path.Combine(_folder, "data");

    public static LocalPostgres Start()
    {
        string bin = FindBinaries();
        bool asPostgres = Environment.UserName == "root";
        // As root, under /tmp: the postgres user must reach the folder (a TMPDIR under /root would not do), and a
        // short path keeps the socket's name under the unix limit of 107 bytes.
        string parent = asPostgres ? "/tmp" : Path.GetTempPath();
        string folder = Path.Combine(parent, "shopstream-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path.Combine(folder, "socket"));
        var server = new LocalPostgres(bin, folder, FreePort(), asPostgres);
        try
        {
            if (asPostgres)
                Run("chown", ["-R", "postgres:postgres", folder]);
            server.Tool("initdb", ["-D", server.DataFolder, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"]);
            server.Tool("pg_ctl", ["-D", server.DataFolder, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60", "-o",
                $"-p {server.Port} -k {Path.Combine(folder, "socket")} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                "start"]);
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        try
        {
            if (File.Exists(Path.Combine(DataFolder, "postmaster.pid")))
                Tool("pg_ctl", ["-D", DataFolder, "-m", "immediate", "-w", "stop"]);
        }
        finally
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private void Tool(string name, string[] args)
    {
        string path = Path.Combine(_bin, name);
        if (_asPostgresUser)
            Run("runuser", ["-u", "postgres", "--", path, .. args]);
        else
            Run(path, args);
    }

    private static void Run(string file, string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(90_000))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} did not finish within 90 s");
        }

        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {output.Result}{error.Result}");
    }

    /// <summary>The newest <c>/usr/lib/postgresql/N/bin</c> holding initdb (Debian's layout).</summary>
    private static string FindBinaries()
    {
        const string root = "/usr/lib/postgresql";
        var bin = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out int v) ? v : 0))
                .Where(d => File.Exists(Path.Combine(d.Dir, "initdb")))
                .OrderByDescending(d => d.Version)
                .Select(d => d.Dir)
                .FirstOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException(
            "PostgreSQL server binaries not found under /usr/lib/postgresql: run scripts/setup.sh (apt-get install postgresql), or set SHOPSTREAM_TEST_PG to a postgres:// URL");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
