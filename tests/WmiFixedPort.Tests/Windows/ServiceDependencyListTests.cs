using System;
using System.Runtime.InteropServices;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.Windows;

namespace WmiFixedPort.Tests.Windows;

/// <summary>
/// The lpDependencies buffer QueryServiceConfigW returns, laid out as documented: null-separated names, doubly
/// null-terminated, a load ordering group prefixed with SC_GROUP_IDENTIFIER '+'
/// (https://learn.microsoft.com/windows/win32/api/winsvc/ns-winsvc-query_service_configw). Built in unmanaged memory
/// here, so the parser runs on Linux exactly as it does on Windows.
/// </summary>
[TestClass]
public sealed class ServiceDependencyListTests
{
    [TestMethod]
    public void ServiceNames_WithServicesAndAGroup_ReturnsOnlyTheServicesInOrder()
    {
        CollectionAssert.AreEqual(new[] { "RpcSs", "Dnscache" }, Parse("RpcSs\0+TDI\0Dnscache\0\0"));
    }

    [TestMethod]
    public void ServiceNames_WithAnEmptyList_ReturnsNothing()
    {
        Assert.AreEqual(0, Parse("\0").Length);
    }

    [TestMethod]
    public void ServiceNames_WithANullPointer_ReturnsNothing()
    {
        Assert.AreEqual(0, ServiceDependencyList.ServiceNames(IntPtr.Zero).Count);
    }

    private static string[] Parse(string buffer)
    {
        IntPtr text = Marshal.StringToHGlobalUni(buffer); // adds one more terminating null, as the real buffer may
        try
        {
            return ServiceDependencyList.ServiceNames(text).ToArray();
        }
        finally
        {
            Marshal.FreeHGlobal(text);
        }
    }
}
