using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.Versioning;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;

namespace WmiFixedPort.EndToEnd.Tests.Windows;

/// <summary>A second network identity on the runner: a process-isolated Windows container (same build as the host,
/// default "nat" network) from which DCOM WMI queries go to the host's address on that network, through the host's
/// firewall like any remote client. Started once per scenario and removed at the end.</summary>
[SupportedOSPlatform("windows")]
internal sealed class RemoteClientContainer : IDisposable
{
    private const string UserVariable = "WFP_E2E_USER";
    private const string PasswordVariable = "WFP_E2E_PASSWORD";
    private const string HostVariable = "WFP_E2E_HOST";
    private const string PortVariable = "WFP_E2E_PORT";

    private const string QueryScript = """
        try {
            $secure = ConvertTo-SecureString $env:WFP_E2E_PASSWORD -AsPlainText -Force
            $credential = New-Object System.Management.Automation.PSCredential ($env:WFP_E2E_USER, $secure)
            # DCOM (the DCOM parameter set of New-CimSessionOption), packet privacy: at least the level the product gives
            # winmgmt (5, packet integrity; 6 allowed) and what DCOM hardening (KB5004442) requires for activation.
            $option = New-CimSessionOption -Impersonation Impersonate -PacketPrivacy
            $session = New-CimSession -ComputerName $env:WFP_E2E_HOST -Credential $credential -SessionOption $option -OperationTimeoutSec 30
            try {
                $os = Get-CimInstance -CimSession $session -ClassName Win32_OperatingSystem -OperationTimeoutSec 30
                [Console]::Out.WriteLine((ConvertTo-Json -InputObject ([pscustomobject]@{ ok = $true; csName = [string]$os.CSName }) -Compress))
            }
            finally {
                Remove-CimSession -CimSession $session
            }
        }
        catch {
            [Console]::Out.WriteLine((ConvertTo-Json -InputObject ([pscustomobject]@{ ok = $false; error = [string]$_.Exception.Message }) -Compress))
        }
        """;

    private const string TcpProbeScript = """
        $client = New-Object System.Net.Sockets.TcpClient
        try {
            $task = $client.ConnectAsync($env:WFP_E2E_HOST, [int]$env:WFP_E2E_PORT)
            $open = $task.Wait(5000) -and $client.Connected
        }
        catch { $open = $false }
        finally { $client.Dispose() }
        if ($open) { [Console]::Out.WriteLine('open') } else { [Console]::Out.WriteLine('closed') }
        """;

    private RemoteClientContainer(string name, string clientAddress, string hostAddress)
    {
        Name = name;
        ClientAddress = clientAddress;
        HostAddress = hostAddress;
    }

    public string Name { get; }

    /// <summary>The container's IPv4 address: the source address the host's firewall sees.</summary>
    public string ClientAddress { get; }

    /// <summary>The host's address on the container network (the network's gateway, the host's vNIC).</summary>
    public string HostAddress { get; }

    public static string DockerExe => "docker.exe";

    public static RemoteClientContainer Start(string image)
    {
        string name = "wmifixedport-e2e-" + Guid.NewGuid().ToString("N")[..8];
        Docker(TimeSpan.FromMinutes(10), "run", "--detach", "--rm", "--isolation=process", "--name", name, image, "ping", "-t", "localhost");
        try
        {
            string client = Docker(TimeSpan.FromMinutes(1), "inspect", "--format", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", name).Trim();
            string host = Docker(TimeSpan.FromMinutes(1), "inspect", "--format", "{{range .NetworkSettings.Networks}}{{.Gateway}}{{end}}", name).Trim();
            if (host.Length == 0)
            {
                // Not every network driver reports a gateway to docker inspect: ask the container for its default route.
                host = Docker(TimeSpan.FromMinutes(2), "exec", name, "powershell.exe", "-NoProfile", "-NonInteractive", "-Command",
                    "(Get-NetRoute -DestinationPrefix '0.0.0.0/0' | Sort-Object RouteMetric | Select-Object -First 1).NextHop").Trim();
            }

            if (client.Length == 0 || host.Length == 0)
            {
                throw new InvalidOperationException($"docker inspect {name} gave no address (container '{client}', gateway '{host}').");
            }

            return new RemoteClientContainer(name, client, host);
        }
        catch
        {
            TryRemove(name);
            throw;
        }
    }

    /// <summary>A DCOM WMI query (Win32_OperatingSystem) from the container to the host as the given account. The
    /// credentials reach docker.exe through its environment only: "docker exec --env NAME" without a value takes the
    /// value from the caller's environment (docker/cli, opts.ValidateEnv), so no command line carries the password.</summary>
    public RemoteQueryResult Query(string user, string password)
    {
        var environment = new Dictionary<string, string> { [UserVariable] = user, [PasswordVariable] = password, [HostVariable] = HostAddress };
        ProcessResult result = Exec(QueryScript, environment, TimeSpan.FromMinutes(4), UserVariable, PasswordVariable, HostVariable);
        return result.ExitCode == 0
            ? RemoteQueryResult.Parse(result.StandardOutput)
            : new RemoteQueryResult(false, string.Empty, string.Create(CultureInfo.InvariantCulture, $"docker exec exited with {result.ExitCode}: {result.StandardError.Trim()}"));
    }

    /// <summary>Whether a TCP connection from the container to the host's port succeeds within 5 s.</summary>
    public bool TcpOpen(int port)
    {
        var environment = new Dictionary<string, string> { [HostVariable] = HostAddress, [PortVariable] = port.ToString(CultureInfo.InvariantCulture) };
        ProcessResult result = Exec(TcpProbeScript, environment, TimeSpan.FromMinutes(2), HostVariable, PortVariable);
        string answer = result.StandardOutput.Trim();
        if (result.ExitCode != 0 || answer is not ("open" or "closed"))
        {
            throw new InvalidOperationException($"The TCP probe in the container failed (exit {result.ExitCode}): {answer} {result.StandardError.Trim()}");
        }

        return answer == "open";
    }

    public void Dispose() => TryRemove(Name);

    private ProcessResult Exec(string script, Dictionary<string, string> environment, TimeSpan timeout, params string[] variables)
    {
        var arguments = new List<string> { "exec" };
        foreach (string variable in variables)
        {
            arguments.Add("--env");
            arguments.Add(variable);
        }

        arguments.Add(Name);
        arguments.AddRange(new[] { "powershell.exe", "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-EncodedCommand", PowerShellScript.Encode(script) });
        return ProcessRunner.Run(DockerExe, arguments, timeout, environment);
    }

    private static string Docker(TimeSpan timeout, params string[] arguments)
    {
        ProcessResult result = ProcessRunner.Run(DockerExe, arguments, timeout);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"docker {string.Join(' ', arguments)} exited with {result.ExitCode}: {result.StandardError.Trim()} {result.StandardOutput.Trim()}");
        }

        return result.StandardOutput;
    }

    private static void TryRemove(string name)
    {
        try
        {
            ProcessRunner.Run(DockerExe, new[] { "rm", "--force", name }, TimeSpan.FromMinutes(2));
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException or System.ComponentModel.Win32Exception)
        {
            // Best effort: the runner is discarded after the job anyway.
        }
    }
}
