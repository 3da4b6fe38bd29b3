using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using WmiFixedPort.Machine;

namespace WmiFixedPort.HostState;

/// <summary>The DCOM <c>Endpoints</c> value of winmgmt's AppID: <c>ncacn_ip_tcp,0,&lt;port&gt;</c>.</summary>
internal static class DcomEndpoint
{
    /// <summary>The port <c>winmgmt /standalonehost</c> writes when no Endpoints value exists.</summary>
    public const int StandaloneDefaultPort = 24158;

    private static readonly Regex TcpEndpoint = new(@"^ncacn_ip_tcp,0,([0-9]{1,5})$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    public static RegValue ForPort(int port) =>
        RegValue.MultiString(new[] { "ncacn_ip_tcp,0," + port.ToString(CultureInfo.InvariantCulture) });

    /// <summary>The TCP port of the value, or null when it is absent or names no TCP port.</summary>
    public static int? PortOf(RegValue? endpoints)
    {
        IReadOnlyList<string>? lines = endpoints?.Lines;
        if (lines is null)
        {
            return null;
        }

        foreach (string line in lines)
        {
            Match match = TcpEndpoint.Match(line.Trim());
            if (match.Success)
            {
                return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }
}
