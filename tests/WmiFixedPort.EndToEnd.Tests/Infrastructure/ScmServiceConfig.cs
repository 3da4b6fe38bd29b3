using System;
using System.Collections.Generic;
using System.Linq;

namespace WmiFixedPort.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The Service Control Manager's own copy of winmgmt's configuration, as `sc.exe qc winmgmt` prints it. The SCM keeps
/// its service database in memory and does not see direct registry edits before a reboot ([MS-SCMR] 1.3), so an exact
/// restore must hold here as well as in the registry: a registry-only restore of the ImagePath would show up as a
/// difference in this line, not in the registry values.
/// </summary>
internal sealed record ScmServiceConfig(string ServiceName, string BinaryPathName, string Type)
{
    /// <summary>
    /// Reads the output of `sc.exe qc &lt;service&gt;` ("SERVICE_NAME: x", then "NAME : value" lines, e.g.
    /// "TYPE : 20  WIN32_SHARE_PROCESS", "BINARY_PATH_NAME : C:\WINDOWS\system32\svchost.exe -k netsvcs -p";
    /// learn.microsoft.com/windows-server/administration/windows-commands/sc-qc). Throws when a field is missing,
    /// so that a changed output format fails the scenario instead of comparing empty lines.
    /// </summary>
    public static ScmServiceConfig Parse(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string line in output.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            string name = line[..colon].Trim();
            if (name.Length > 0 && name.All(c => char.IsAsciiLetterUpper(c) || c == '_') && !fields.ContainsKey(name))
            {
                fields[name] = line[(colon + 1)..].Trim();
            }
        }

        string Field(string name) => fields.TryGetValue(name, out string? value) && value.Length > 0
            ? value
            : throw new FormatException($"sc.exe qc printed no {name}: {output}");
        return new ScmServiceConfig(Field("SERVICE_NAME"), Field("BINARY_PATH_NAME"), Field("TYPE"));
    }

    public IEnumerable<string> Render()
    {
        yield return $"SCM {ServiceName}: BINARY_PATH_NAME {BinaryPathName}";
        yield return $"SCM {ServiceName}: TYPE {Type}";
    }
}
