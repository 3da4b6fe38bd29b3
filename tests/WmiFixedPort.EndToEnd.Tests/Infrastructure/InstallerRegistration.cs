using System;
using System.Collections.Generic;
using System.Linq;

namespace WmiFixedPort.EndToEnd.Tests.Infrastructure;

/// <summary>A product Windows Installer has registered (MsiEnumRelatedProducts / MsiGetProductInfo).</summary>
internal sealed record InstalledProduct(string ProductCode, string Version, string Name);

/// <summary>The identity of an .msi file, read from its Property table.</summary>
internal sealed record PackageIdentity(string ProductCode, string UpgradeCode, string ProductVersion, string ProductName);

/// <summary>What Windows Installer has registered under one UpgradeCode. After an uninstall that failed, the product
/// stays registered even when its keys and rules are gone, and every later "install" would run as maintenance: so
/// this is part of the machine snapshot, compared like any registry value.</summary>
internal sealed record InstallerRegistration(string Label, string UpgradeCode, IReadOnlyList<InstalledProduct> Products)
{
    public string Render() => Products.Count == 0
        ? $"Windows Installer: {Label} (UpgradeCode {UpgradeCode}): nothing registered"
        : $"Windows Installer: {Label} (UpgradeCode {UpgradeCode}): registered "
          + string.Join(", ", Products.OrderBy(p => p.ProductCode, StringComparer.OrdinalIgnoreCase).Select(p => $"{p.ProductCode} {p.Version} \"{p.Name}\""));
}

/// <summary>Windows Installer's registration database, read-only (msi.dll on Windows, a fake in the unit tests).</summary>
internal interface IInstallerRegistry
{
    PackageIdentity ReadPackage(string msiPath);

    IReadOnlyList<InstalledProduct> RelatedProducts(string upgradeCode);
}
