using System;
using System.Globalization;
using System.IO;
using WmiFixedPort.Validation;

namespace WmiFixedPort.Cli;

/// <summary>
/// <c>validate</c>: checks the values the installer will use, every one of them, and changes nothing.
/// The installer runs it before any change, so its lines explain a refused install in the MSI log.
/// </summary>
internal sealed class ValidateCommand
{
    private readonly TextWriter _output;

    public ValidateCommand(TextWriter output) => _output = output;

    public int Run(ParsedCommand command)
    {
        if (command.Values.Count == 0)
        {
            throw new InvalidArgumentException("validate needs at least one of --port, --auth-level, --remote-addresses, --firewall-profile.");
        }

        int invalid = 0;
        invalid += Check(command, OptionName.Port, value => PortNumber.Parse(value).ToString(CultureInfo.InvariantCulture));
        invalid += Check(command, OptionName.AuthLevel, value => AuthenticationLevel.Describe(AuthenticationLevel.Parse(value)));
        invalid += Check(command, OptionName.RemoteAddresses, value => $"{value} ({RemoteAddresses.Parse(value).Count} item(s))");
        invalid += Check(
            command,
            OptionName.FirewallProfile,
            value => $"{value} (firewall profile mask {FirewallProfiles.Parse(value).ToString(CultureInfo.InvariantCulture)})");

        _output.WriteLine(invalid == 0 ? "All values are valid." : $"{invalid} invalid value(s): nothing was changed.");
        return invalid == 0 ? 0 : CliApplication.InvalidArguments;
    }

    /// <summary>Checks one option if it was given; returns 1 when its value is invalid.</summary>
    private int Check(ParsedCommand command, OptionName option, Func<string, string> describeValid)
    {
        string? value = command.Value(option.Option);
        if (value is null)
        {
            return 0;
        }

        try
        {
            _output.WriteLine($"Valid: {option} = {describeValid(value)}.");
            return 0;
        }
        catch (InvalidArgumentException ex)
        {
            _output.WriteLine("ERROR: " + ex.Message);
            return 1;
        }
    }
}
