using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;

namespace WmiFixedPort.EndToEnd.Tests.Infrastructure;

/// <summary>One DCOM WMI query from the remote client: whether it answered, with the machine name it reported, or the
/// error it failed with. The client script prints exactly one JSON line {"ok":true,"csName":".."} or
/// {"ok":false,"error":".."}.</summary>
internal sealed record RemoteQueryResult(bool Ok, string CsName, string Error)
{
    public static RemoteQueryResult Parse(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        string? line = output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith('{'));
        if (line is null)
        {
            return new RemoteQueryResult(false, string.Empty, "The client printed no result line: " + output.Trim());
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(line);
            JsonElement root = document.RootElement;
            bool ok = root.TryGetProperty("ok", out JsonElement okElement) && okElement.ValueKind == JsonValueKind.True;
            return new RemoteQueryResult(ok, PowerShellJson.Property(root, "csName"), PowerShellJson.Property(root, "error"));
        }
        catch (JsonException e)
        {
            return new RemoteQueryResult(false, string.Empty, $"The client's result line is not JSON ({e.Message}): {line}");
        }
    }
}

/// <summary>Passwords for the test's local account: generated per run, never written anywhere but to the account
/// and to the environment of the processes that use it (never on a command line, never in a log).</summary>
internal static class TestPassword
{
    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Lower = "abcdefghijkmnopqrstuvwxyz";
    private const string Digits = "23456789";
    private const string Symbols = "#%+-.:=@_";

    /// <summary>24 characters with at least one of each class Windows' complexity rule counts (upper, lower, digit,
    /// symbol). No quote, backslash, '$', '`' or space: nothing a shell or PowerShell string could reinterpret.</summary>
    public static string Generate()
    {
        const string all = Upper + Lower + Digits + Symbols;
        var chars = new List<char>
        {
            Upper[RandomNumberGenerator.GetInt32(Upper.Length)],
            Lower[RandomNumberGenerator.GetInt32(Lower.Length)],
            Digits[RandomNumberGenerator.GetInt32(Digits.Length)],
            Symbols[RandomNumberGenerator.GetInt32(Symbols.Length)],
        };
        while (chars.Count < 24)
        {
            chars.Add(all[RandomNumberGenerator.GetInt32(all.Length)]);
        }

        // Shuffle so that the classes are not always in the first four places.
        for (int i = chars.Count - 1; i > 0; i--)
        {
            int j = RandomNumberGenerator.GetInt32(i + 1);
            (chars[i], chars[j]) = (chars[j], chars[i]);
        }

        return new string(chars.ToArray());
    }

    public static bool MeetsComplexity(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return password.Length >= 14
            && password.Any(Upper.Contains) && password.Any(Lower.Contains) && password.Any(Digits.Contains) && password.Any(Symbols.Contains)
            && password.All(c => (Upper + Lower + Digits + Symbols).Contains(c, StringComparison.Ordinal));
    }
}

/// <summary>Which firewall port filters could let a remote client reach TCP 135 or the WMI port besides the product's
/// rules: the remote scenario disables such rules for its duration, so that a query that answers can only have come
/// through the product's rules. LocalPort values as Get-NetFirewallPortFilter reports them: numbers, ranges "a-b",
/// "Any", and the keywords RPC (dynamic RPC), RPCEPMap (the endpoint mapper) and others.</summary>
internal static class CompetingRules
{
    public static bool CouldAdmit(string protocol, IReadOnlyList<string> localPorts, int wmiPort)
    {
        ArgumentNullException.ThrowIfNull(localPorts);
        if (!string.Equals(protocol, "TCP", StringComparison.OrdinalIgnoreCase) && !string.Equals(protocol, "Any", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return localPorts.Count == 0 || localPorts.Any(p => Covers(p.Trim(), wmiPort) || Covers(p.Trim(), 135));
    }

    private static bool Covers(string localPort, int port)
    {
        if (localPort.Equals("Any", StringComparison.OrdinalIgnoreCase)
            || localPort.Equals("RPC", StringComparison.OrdinalIgnoreCase)
            || localPort.Equals("RPCEPMap", StringComparison.OrdinalIgnoreCase)
            || localPort.Equals("RPC-EPMap", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        string[] range = localPort.Split('-');
        return range.Length switch
        {
            1 => int.TryParse(range[0], out int single) && single == port,
            2 => int.TryParse(range[0], out int low) && int.TryParse(range[1], out int high) && low <= port && port <= high,
            _ => false,
        };
    }
}
