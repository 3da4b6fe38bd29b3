namespace WmiFixedPort.Machine;

/// <summary>What this process runs as: its bitness and the operating system's.</summary>
internal interface IPlatform
{
    bool Is64BitProcess { get; }

    bool Is64BitOperatingSystem { get; }
}
