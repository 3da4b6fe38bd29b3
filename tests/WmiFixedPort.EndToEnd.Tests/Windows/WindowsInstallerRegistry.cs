using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;

namespace WmiFixedPort.EndToEnd.Tests.Windows;

/// <summary>Windows Installer's registration, read through msi.dll (MsiEnumRelatedProducts, MsiGetProductInfo) and an
/// .msi file's Property table (MsiOpenDatabase read-only, a SELECT on Property).</summary>
[SupportedOSPlatform("windows")]
internal sealed class WindowsInstallerRegistry : IInstallerRegistry
{
    private const int ErrorSuccess = 0;
    private const int ErrorMoreData = 234;
    private const int ErrorNoMoreItems = 259;
    private const int ErrorUnknownProperty = 1608;
    private static readonly IntPtr MsiDbOpenReadOnly = IntPtr.Zero;

    public static WindowsInstallerRegistry Instance { get; } = new();

    public PackageIdentity ReadPackage(string msiPath)
    {
        Check(MsiOpenDatabaseW(msiPath, MsiDbOpenReadOnly, out IntPtr database), $"MsiOpenDatabase({msiPath})");
        try
        {
            return new PackageIdentity(
                Property(database, msiPath, "ProductCode"),
                Property(database, msiPath, "UpgradeCode"),
                Property(database, msiPath, "ProductVersion"),
                Property(database, msiPath, "ProductName"));
        }
        finally
        {
            _ = MsiCloseHandle(database);
        }
    }

    public IReadOnlyList<InstalledProduct> RelatedProducts(string upgradeCode)
    {
        var products = new List<InstalledProduct>();
        for (int index = 0; ; index++)
        {
            char[] code = new char[39];
            int error = MsiEnumRelatedProductsW(upgradeCode, 0, index, code);
            if (error == ErrorNoMoreItems)
            {
                return products;
            }

            Check(error, $"MsiEnumRelatedProducts({upgradeCode}, {index})");
            string productCode = new string(code, 0, 38);
            products.Add(new InstalledProduct(productCode, ProductInfo(productCode, "VersionString"), ProductInfo(productCode, "ProductName")));
        }
    }

    private static string ProductInfo(string productCode, string property)
    {
        int size = 256;
        char[] value = new char[size];
        int error = MsiGetProductInfoW(productCode, property, value, ref size);
        if (error == ErrorMoreData)
        {
            size++;
            value = new char[size];
            error = MsiGetProductInfoW(productCode, property, value, ref size);
        }

        if (error == ErrorUnknownProperty)
        {
            return "(unknown)";
        }

        Check(error, $"MsiGetProductInfo({productCode}, {property})");
        return new string(value, 0, size);
    }

    private static string Property(IntPtr database, string msiPath, string name)
    {
        // The name is one of four constants above, never outside input.
        Check(MsiDatabaseOpenViewW(database, "SELECT `Value` FROM `Property` WHERE `Property` = '" + name + "'", out IntPtr view), $"MsiDatabaseOpenView({msiPath})");
        try
        {
            Check(MsiViewExecute(view, IntPtr.Zero), $"MsiViewExecute({msiPath})");
            int error = MsiViewFetch(view, out IntPtr record);
            if (error == ErrorNoMoreItems)
            {
                return string.Empty;
            }

            Check(error, $"MsiViewFetch({msiPath}, {name})");
            try
            {
                int size = 256;
                char[] value = new char[size];
                error = MsiRecordGetStringW(record, 1, value, ref size);
                if (error == ErrorMoreData)
                {
                    size++;
                    value = new char[size];
                    error = MsiRecordGetStringW(record, 1, value, ref size);
                }

                Check(error, $"MsiRecordGetString({msiPath}, {name})");
                return new string(value, 0, size);
            }
            finally
            {
                _ = MsiCloseHandle(record);
            }
        }
        finally
        {
            _ = MsiCloseHandle(view);
        }
    }

    private static void Check(int error, string call)
    {
        if (error != ErrorSuccess)
        {
            throw new Win32Exception(error, call + " failed.");
        }
    }

    [DllImport("msi.dll", CharSet = CharSet.Unicode, ExactSpelling = true)]
    private static extern int MsiOpenDatabaseW(string databasePath, IntPtr persist, out IntPtr database);

    [DllImport("msi.dll", CharSet = CharSet.Unicode, ExactSpelling = true)]
    private static extern int MsiDatabaseOpenViewW(IntPtr database, string query, out IntPtr view);

    [DllImport("msi.dll", ExactSpelling = true)]
    private static extern int MsiViewExecute(IntPtr view, IntPtr record);

    [DllImport("msi.dll", ExactSpelling = true)]
    private static extern int MsiViewFetch(IntPtr view, out IntPtr record);

    [DllImport("msi.dll", CharSet = CharSet.Unicode, ExactSpelling = true)]
    private static extern int MsiRecordGetStringW(IntPtr record, int field, [Out] char[] value, ref int size);

    [DllImport("msi.dll", ExactSpelling = true)]
    private static extern int MsiCloseHandle(IntPtr handle);

    [DllImport("msi.dll", CharSet = CharSet.Unicode, ExactSpelling = true)]
    private static extern int MsiEnumRelatedProductsW(string upgradeCode, int reserved, int index, [Out] char[] productCode);

    [DllImport("msi.dll", CharSet = CharSet.Unicode, ExactSpelling = true)]
    private static extern int MsiGetProductInfoW(string product, string property, [Out] char[] value, ref int size);
}
