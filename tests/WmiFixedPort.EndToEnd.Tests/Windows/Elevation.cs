using System.Runtime.Versioning;
using System.Security.Principal;

namespace WmiFixedPort.EndToEnd.Tests.Windows;

[SupportedOSPlatform("windows")]
internal static class Elevation
{
    /// <summary>True when this process runs with an administrator token (elevated).</summary>
    public static bool IsAdministrator()
    {
        using WindowsIdentity identity = WindowsIdentity.GetCurrent();
        return new WindowsPrincipal(identity).IsInRole(WindowsBuiltInRole.Administrator);
    }
}
