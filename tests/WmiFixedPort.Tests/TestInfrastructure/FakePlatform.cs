using WmiFixedPort.Machine;

namespace WmiFixedPort.Tests.TestInfrastructure;

/// <summary>A 64-bit process on 64-bit Windows unless a test says otherwise (a 32-bit process sees the WOW64 registry).</summary>
internal sealed class FakePlatform : IPlatform
{
    public bool Is64BitProcess { get; set; } = true;

    public bool Is64BitOperatingSystem { get; set; } = true;
}
