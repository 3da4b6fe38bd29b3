using System.Globalization;
using System.Text.RegularExpressions;

namespace WmiFixedPort.Validation;

/// <summary>The WMI DCOM port: digits only, no sign, spaces or leading zeros, 1024..65535.</summary>
internal static class PortNumber
{
    public const int Minimum = 1024;
    public const int Maximum = 65535;
    public const int Default = 24158;
    public const int RpcEndpointMapper = 135;

    private const string Allowed = "expected a whole number from 1024 to 65535 (digits only), for example 24158.";
    private static readonly Regex Digits = new("^[1-9][0-9]{0,4}$", RegexOptions.CultureInvariant);

    public static int Parse(string value)
    {
        if (!Digits.IsMatch(value))
        {
            throw InvalidArgumentException.ForValue(OptionName.Port, value, Allowed);
        }

        int port = int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
        if (port == RpcEndpointMapper)
        {
            throw InvalidArgumentException.ForValue(
                OptionName.Port,
                value,
                "135 is the RPC endpoint mapper's own port and cannot carry WMI; " + Allowed);
        }

        if (port is < Minimum or > Maximum)
        {
            throw InvalidArgumentException.ForValue(OptionName.Port, value, Allowed);
        }

        return port;
    }
}
