namespace WmiFixedPort.Validation;

/// <summary>A command-line option and the MSI property that feeds it, so messages can name both.</summary>
internal sealed class OptionName
{
    private OptionName(string option, string? msiProperty)
    {
        Option = option;
        MsiProperty = msiProperty;
    }

    public static OptionName Port { get; } = new("--port", "WMIPORT");

    public static OptionName AuthLevel { get; } = new("--auth-level", "WMIAUTHLEVEL");

    public static OptionName RemoteAddresses { get; } = new("--remote-addresses", "FIREWALL_REMOTE_ADDRESSES");

    public static OptionName FirewallProfile { get; } = new("--firewall-profile", "FIREWALL_PROFILE");

    public static OptionName Deadline { get; } = new("--deadline", null);

    public static OptionName WhatIf { get; } = new("--what-if", null);

    public static OptionName Owner { get; } = new("--owner", null);

    public static OptionName Json { get; } = new("--json", null);

    public string Option { get; }

    public string? MsiProperty { get; }

    public override string ToString() => MsiProperty is null ? Option : $"{Option} (MSI property {MsiProperty})";
}
