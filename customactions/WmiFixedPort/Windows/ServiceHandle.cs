using Microsoft.Win32.SafeHandles;

namespace WmiFixedPort.Windows;

/// <summary>An SC_HANDLE, closed with CloseServiceHandle.</summary>
internal sealed class ServiceHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public ServiceHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle() => NativeMethods.CloseServiceHandle(handle);
}
