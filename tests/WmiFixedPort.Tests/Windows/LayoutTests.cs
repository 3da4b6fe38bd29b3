using System;
using System.Linq;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.Machine;
using WmiFixedPort.Windows.Layout;

namespace WmiFixedPort.Tests.Windows;

/// <summary>
/// Issue 16, point 6: every parsing step of the Windows adapters runs here on buffers laid out from the documented
/// structures (Microsoft Learn, winsvc.h / tcpmib.h / winnt.h), for x64 (8-byte pointers) and x86 (4-byte pointers).
/// Each field gets a distinct value, so a wrong offset reads a wrong value and fails.
/// </summary>
[TestClass]
public sealed class LayoutTests
{
    [TestMethod]
    public void TcpTable_Ipv4Rows_ReturnsThePortsOfTheOwningPidOnly()
    {
        // MIB_TCPROW_OWNER_PID: dwState, dwLocalAddr, dwLocalPort, dwRemoteAddr, dwRemotePort, dwOwningPid (24 bytes).
        byte[] table = new NativeBuffer(8).DWord(3)
            .DWord(2).DWord(0x0100007F).Bytes(0x5E, 0x5E, 0, 0).DWord(4312).DWord(0x3039).DWord(4312) // port 24158, pid 4312
            .DWord(2).DWord(0).Bytes(0x00, 0x87, 0, 0).DWord(0).DWord(0).DWord(900)                     // port 135, pid 900
            .DWord(2).DWord(0).Bytes(0x1F, 0x90, 0, 0).DWord(4312).DWord(4312).DWord(77)                // port 8080, pid 77
            .ToArray();

        Assert.AreEqual(4 + (3 * TcpTableLayout.RowSize4), table.Length);
        CollectionAssert.AreEqual(new[] { 24158 }, TcpTableLayout.PortsOwnedBy(table, ipv6: false, 4312).ToArray());
        CollectionAssert.AreEqual(new[] { 135 }, TcpTableLayout.PortsOwnedBy(table, ipv6: false, 900).ToArray());
        CollectionAssert.AreEqual(new[] { 8080 }, TcpTableLayout.PortsOwnedBy(table, ipv6: false, 77).ToArray());
    }

    [TestMethod]
    public void TcpTable_Ipv6Rows_ReturnsThePortsOfTheOwningPidOnly()
    {
        // MIB_TCP6ROW_OWNER_PID: ucLocalAddr[16], dwLocalScopeId, dwLocalPort, ucRemoteAddr[16], dwRemoteScopeId,
        // dwRemotePort, dwState, dwOwningPid (56 bytes).
        byte[] address = Enumerable.Repeat((byte)0x11, 16).ToArray();
        byte[] table = new NativeBuffer(8).DWord(2)
            .Bytes(address).DWord(4312).Bytes(0x5E, 0x5E, 0, 0).Bytes(address).DWord(4312).DWord(0x2A2A).DWord(2).DWord(4312)
            .Bytes(address).DWord(0).Bytes(0x01, 0xBB, 0, 0).Bytes(address).DWord(0).DWord(0).DWord(2).DWord(555)
            .ToArray();

        Assert.AreEqual(4 + (2 * TcpTableLayout.RowSize6), table.Length);
        CollectionAssert.AreEqual(new[] { 24158 }, TcpTableLayout.PortsOwnedBy(table, ipv6: true, 4312).ToArray());
        CollectionAssert.AreEqual(new[] { 443 }, TcpTableLayout.PortsOwnedBy(table, ipv6: true, 555).ToArray());
        Assert.AreEqual(0, TcpTableLayout.PortsOwnedBy(table, ipv6: true, 2).Count());
    }

    [TestMethod]
    public void ServiceStatusProcess_ReadsEveryFieldAtItsOffset()
    {
        // SERVICE_STATUS_PROCESS: type, state, controls, win32 exit, specific exit, checkpoint, wait hint, pid, flags.
        byte[] buffer = new NativeBuffer(8).DWord(0x20).DWord(2).DWord(0x1 | 0x4).DWord(1066).DWord(42).DWord(7).DWord(3000).DWord(4312).DWord(1).ToArray();

        Assert.AreEqual(ServiceLayout.StatusProcessSize, buffer.Length);
        ServiceStatus status = ServiceLayout.StatusProcess(buffer);

        Assert.AreEqual(ServiceState.StartPending, status.State);
        Assert.AreEqual(5, status.ControlsAccepted);
        Assert.AreEqual(1066, status.Win32ExitCode);
        Assert.AreEqual(42, status.ServiceSpecificExitCode);
        Assert.AreEqual(7, status.CheckPoint);
        Assert.AreEqual(3000, status.WaitHintMilliseconds);
        Assert.AreEqual(4312, status.ProcessId);
    }

    [TestMethod]
    [DataRow(8, 48)]
    [DataRow(4, 36)]
    public void EnumServiceStatus_ReadsTheNameOfEachEntry(int pointerSize, int entrySize)
    {
        // ENUM_SERVICE_STATUSW: lpServiceName, lpDisplayName, SERVICE_STATUS (28 bytes); x64 padded to 8.
        var buffer = new NativeBuffer(pointerSize);
        foreach (string[] entry in new[] { new[] { "NcaSvc", "Network Connectivity Assistant" }, new[] { "iphlpsvc", "IP Helper" } })
        {
            buffer.Pointer(entry[0] + "\0").Pointer(entry[1] + "\0").DWord(0x20).DWord(4).DWord(1).DWord(0).DWord(0).DWord(0).DWord(0).Align(pointerSize);
        }

        Assert.AreEqual(2 * entrySize, buffer.Length);
        Assert.AreEqual(entrySize, ServiceLayout.EnumServiceStatusSize(pointerSize));
        CollectionAssert.AreEqual(new[] { "NcaSvc", "iphlpsvc" }, ServiceLayout.EnumServiceNames(buffer.ToArray(), buffer.BaseAddress, pointerSize, 2));
    }

    [TestMethod]
    public void EnumServiceStatus_X86BufferAboveTwoGigabytes_ReadsWithTheZeroExtendedAddress()
    {
        // A large-address-aware x86 process can get a buffer at 0x80001000; IntPtr.ToInt64 then gives 0xFFFFFFFF80001000.
        var buffer = new NativeBuffer(4, baseAddress: 0x8000_1000);
        buffer.Pointer("NcaSvc\0").Pointer("Network Connectivity Assistant\0").DWord(0x20).DWord(4).DWord(1).DWord(0).DWord(0).DWord(0).DWord(0);
        long signExtended = unchecked((int)0x8000_1000);

        CollectionAssert.AreEqual(new[] { "NcaSvc" }, ServiceLayout.EnumServiceNames(buffer.ToArray(), LittleEndian.Address(signExtended, 4), 4, 1));
        Assert.ThrowsExactly<FormatException>(() => ServiceLayout.EnumServiceNames(buffer.ToArray(), signExtended, 4, 1), "the sign-extended address does not match the pointers");
        Assert.AreEqual(0x7FF6_1234_0000, LittleEndian.Address(0x7FF6_1234_0000, 8));
    }

    [TestMethod]
    [DataRow(8)]
    [DataRow(4)]
    public void QueryServiceConfig_Dependencies_ReturnsTheServicesWithoutLoadOrderGroups(int pointerSize)
    {
        // QUERY_SERVICE_CONFIGW: 3 DWORDs, lpBinaryPathName, lpLoadOrderGroup, dwTagId, lpDependencies, lpServiceStartName, lpDisplayName.
        var buffer = new NativeBuffer(pointerSize).DWord(0x20).DWord(2).DWord(1).Align(pointerSize)
            .Pointer(@"C:\Windows\system32\svchost.exe -k netsvcs -p" + "\0").Pointer("NetworkProvider\0").DWord(9).Align(pointerSize)
            .Pointer("RpcSs\0+TDI\0Dnscache\0\0").Pointer("LocalSystem\0").Pointer("IP Helper\0");

        Assert.AreEqual(pointerSize == 8 ? 64 : 36, buffer.Length);
        CollectionAssert.AreEqual(new[] { "RpcSs", "Dnscache" }, ServiceLayout.ConfigDependencies(buffer.ToArray(), buffer.BaseAddress, pointerSize));
    }

    [TestMethod]
    [DataRow(8)]
    [DataRow(4)]
    public void QueryServiceConfig_NullDependencies_ReturnsNothing(int pointerSize)
    {
        var buffer = new NativeBuffer(pointerSize).DWord(0x10).DWord(3).DWord(1).Align(pointerSize)
            .Pointer("a.exe\0").Pointer(null).DWord(0).Align(pointerSize).Pointer(null).Pointer(null).Pointer("A\0");

        Assert.AreEqual(0, ServiceLayout.ConfigDependencies(buffer.ToArray(), buffer.BaseAddress, pointerSize).Count);
    }

    [TestMethod]
    public void Pointer_OutsideTheBuffer_IsAFormatError()
    {
        byte[] buffer = new NativeBuffer(8).Pointer(null).Pointer(null).DWord(0).DWord(0).DWord(0).DWord(0).DWord(0).DWord(0).DWord(0).Align(8).ToArray();
        buffer[0] = 0x10; // an address below the buffer

        Assert.ThrowsExactly<FormatException>(() => ServiceLayout.EnumServiceNames(buffer, 0x1000, 8, 1));
    }

    [TestMethod]
    public void LaunchProtectedInfo_ReadsTheDword()
    {
        Assert.AreEqual(3, ServiceLayout.LaunchProtected(new NativeBuffer(8).DWord(3).ToArray()));
    }

    [TestMethod]
    public void MultiString_StopsAtTheEmptyStringOrTheEnd()
    {
        CollectionAssert.AreEqual(new[] { "a", "bc" }, MultiString.Parse(Encoding.Unicode.GetBytes("a\0bc\0\0ignored\0\0"), 0));
        CollectionAssert.AreEqual(new[] { "a", "bc" }, MultiString.Parse(Encoding.Unicode.GetBytes("a\0bc"), 0), "no terminator at all");
        Assert.AreEqual(0, MultiString.Parse(Array.Empty<byte>(), 0).Count);
    }

    [TestMethod]
    public void RegistryCodec_TypedValues_RoundTripToTheirDocumentedBytes()
    {
        AssertRoundTrip(RegValue.String("ab"), 1, "610062000000");
        AssertRoundTrip(RegValue.ExpandString("%x%"), 2, "250078002500" + "0000");
        AssertRoundTrip(RegValue.MultiString(new[] { "a", "b" }), 7, "6100000062000000" + "0000");
        AssertRoundTrip(RegValue.DWord(0x01020304), 4, "04030201");
        AssertRoundTrip(RegValue.QWord(0x0102030405060708), 11, "0807060504030201");
        AssertRoundTrip(RegValue.Binary(new byte[] { 0xDE, 0xAD }), 3, "DEAD");
    }

    [TestMethod]
    [DataRow(0, "010203", "REG_NONE with data")]
    [DataRow(0, "", "REG_NONE empty")]
    [DataRow(5, "00000007", "REG_DWORD_BIG_ENDIAN")]
    [DataRow(8, "0102", "REG_RESOURCE_LIST")]
    [DataRow(1, "6100", "REG_SZ without its terminator")]
    [DataRow(1, "610000006200", "REG_SZ with data after the terminator")]
    [DataRow(1, "61", "REG_SZ of odd length")]
    [DataRow(4, "010203", "REG_DWORD of 3 bytes")]
    [DataRow(11, "01020304", "REG_QWORD of 4 bytes")]
    [DataRow(7, "610000000000620000000000", "REG_MULTI_SZ with an empty string inside")]
    [DataRow(7, "", "REG_MULTI_SZ of no bytes")]
    public void RegistryCodec_ValuesTheTypedFormWouldChange_StayRawAndRoundTrip(int type, string hex, string what)
    {
        byte[] data = FromHex(hex);

        RegValue value = RegistryValueCodec.Decode(type, data);
        byte[] again = RegistryValueCodec.Encode(value, out int typeAgain);

        Assert.AreEqual(RegKind.Other, value.Kind, what);
        Assert.AreEqual(type, typeAgain, what);
        CollectionAssert.AreEqual(data, again, what);
    }

    [TestMethod]
    public void RegistryCodec_RawStringsAndMultiStrings_StillReadAsWindowsReadsThem()
    {
        // An ImagePath or a SvcHost group written with an extra null or without its terminator stays raw (byte-exact
        // copy) but must still be read: the host mode and the netsvcs membership depend on it.
        RegValue path = RegistryValueCodec.Decode(2, Encoding.Unicode.GetBytes("svchost.exe -k netsvcs\0\0"));
        RegValue group = RegistryValueCodec.Decode(7, Encoding.Unicode.GetBytes("a\0winmgmt"));

        Assert.AreEqual(RegKind.Other, path.Kind);
        Assert.AreEqual("svchost.exe -k netsvcs", path.Text);
        Assert.AreEqual(RegKind.Other, group.Kind);
        CollectionAssert.AreEqual(new[] { "a", "winmgmt" }, group.Lines!.ToArray());
        Assert.IsNull(RegistryValueCodec.Decode(3, new byte[] { 0x61, 0 }).Text, "REG_BINARY is not text");
    }

    private static void AssertRoundTrip(RegValue value, int type, string hex)
    {
        byte[] data = RegistryValueCodec.Encode(value, out int encodedType);
        Assert.AreEqual(type, encodedType, value.ToString());
        CollectionAssert.AreEqual(FromHex(hex), data, value.ToString());
        Assert.AreEqual(value, RegistryValueCodec.Decode(type, data), value.ToString());
    }

    private static byte[] FromHex(string hex) =>
        Enumerable.Range(0, hex.Length / 2).Select(i => Convert.ToByte(hex.Substring(i * 2, 2), 16)).ToArray();
}
