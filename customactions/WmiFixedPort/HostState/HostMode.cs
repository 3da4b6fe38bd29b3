namespace WmiFixedPort.HostState;

/// <summary>How winmgmt is hosted, read from the service ImagePath (<c>-k winmgmt</c> or <c>-k netsvcs</c>).</summary>
internal enum HostMode
{
    Unknown,
    Shared,
    Standalone,
}
