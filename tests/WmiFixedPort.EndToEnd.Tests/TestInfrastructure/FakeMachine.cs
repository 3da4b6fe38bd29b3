using System;
using System.Collections.Generic;
using System.Linq;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;
using WmiFixedPort.EndToEnd.Tests.Unit;

namespace WmiFixedPort.EndToEnd.Tests.TestInfrastructure;

/// <summary>One machine for the cleanup tests: a registry state ("installed" or not, as whole snapshots), Windows
/// Installer's registrations, and an msiexec whose exit code per package is set by the test. Modelled on Windows
/// Installer's documented behaviour: /x of a package or product code that is not installed exits 1605
/// (ERROR_UNKNOWN_PRODUCT); a successful /x removes the product's registration and what it installed; a failed one
/// (1603) leaves both.</summary>
internal sealed class FakeMachine : IMachineState, IInstallerRegistry, IMsiRunner
{
    private readonly Dictionary<string, int> _exitCodes = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _productOfPackage = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<InstalledProduct> _registered = new();

    public FakeMachine(MachineSnapshot clean) => Registry = clean;

    /// <summary>Every call, in order: "msiexec /x a.msi (log 03-cleanup-1)", "capture", "restore".</summary>
    public List<string> Calls { get; } = new();

    /// <summary>The machine's registry and firewall part, as a snapshot.</summary>
    public MachineSnapshot Registry { get; set; }

    public MachineSnapshot CleanRegistry { get; init; } = Snapshots.SharedHost();

    public bool RestoreThrows { get; set; }

    public void Install(string package, InstalledProduct product)
    {
        _productOfPackage[package] = product.ProductCode;
        _registered.Add(product);
        Registry = Snapshots.StandaloneHost();
    }

    public void FailUninstallOf(string packageOrProductCode) => _exitCodes[packageOrProductCode] = MsiExitCodes.FatalError;

    public MachineSnapshot Capture()
    {
        Calls.Add("capture");
        return new MachineSnapshot(Registry.Values, Registry.Keys, Registry.FirewallRules, Registrations());
    }

    public void RestoreTo(MachineSnapshot snapshot)
    {
        Calls.Add("restore");
        if (RestoreThrows)
        {
            throw new UnauthorizedAccessException(@"Access to the registry key 'HKEY_LOCAL_MACHINE\SOFTWARE\Classes\AppID' is denied.");
        }

        // Registry and firewall only: a restore by hand cannot unregister a product.
        Registry = new MachineSnapshot(snapshot.Values, snapshot.Keys, snapshot.FirewallRules);
    }

    public PackageIdentity ReadPackage(string msiPath) => throw new NotSupportedException("Not used by the cleanup.");

    public IReadOnlyList<InstalledProduct> RelatedProducts(string upgradeCode) =>
        string.Equals(upgradeCode, ProductFacts.UpgradeCode, StringComparison.OrdinalIgnoreCase) ? _registered.ToList() : Array.Empty<InstalledProduct>();

    public MsiResult Run(string logName, MsiOperation operation, string package, params (string Name, string Value)[] properties)
    {
        Calls.Add($"msiexec /x {package} (log {logName})");
        string productCode = _productOfPackage.TryGetValue(package, out string? code) ? code : package;
        InstalledProduct? product = _registered.FirstOrDefault(p => string.Equals(p.ProductCode, productCode, StringComparison.OrdinalIgnoreCase));
        int exit = product is null ? MsiExitCodes.UnknownProduct : _exitCodes.GetValueOrDefault(package, MsiExitCodes.Success);
        if (product is not null && exit == MsiExitCodes.Success)
        {
            _registered.Remove(product);
            Registry = CleanRegistry;
        }

        return new MsiResult(exit, TimeSpan.FromSeconds(1), logName + ".log");
    }

    private List<InstallerRegistration> Registrations() => new() { new InstallerRegistration("WmiFixedPort", ProductFacts.UpgradeCode, _registered.ToList()) };
}
