namespace WmiFixedPort.Machine;

/// <summary>The Windows pieces the product touches, bundled for the commands.</summary>
internal interface IMachine
{
    IRegistry Registry { get; }

    IServiceControl Services { get; }

    IWinmgmtTool Winmgmt { get; }

    IEventLog EventLog { get; }

    IClock Clock { get; }

    IPlatform Platform { get; }

    IRestartSignal RestartSignal { get; }

    ITcpListeners TcpListeners { get; }

    IProcessInfo Processes { get; }
}
