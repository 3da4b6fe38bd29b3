namespace WmiFixedPort.Restart;

/// <summary>
/// The dwReason of SERVICE_CONTROL_STATUS_REASON_PARAMSW that every stop sends (ControlServiceExW with
/// SERVICE_CONTROL_STATUS_REASON_INFO = 1): a planned stop of software for a reconfiguration, so the System log's
/// event 7036/7040 family records a planned reconfiguration rather than an unexplained stop. Values from winsvc.h
/// (as published in Microsoft's Win32 metadata and [MS-SCMR] 2.2.31, "SERVICE_CONTROL_STATUS_REASON_IN_PARAMSW"):
/// SERVICE_STOP_REASON_FLAG_PLANNED 0x40000000, SERVICE_STOP_REASON_MAJOR_SOFTWARE 0x00040000,
/// SERVICE_STOP_REASON_MINOR_RECONFIG 0x00000005. ControlServiceExW fails with ERROR_INVALID_PARAMETER (87) for a
/// reason without a flag, a major and a minor reason.
/// </summary>
internal static class StopReason
{
    public const int FlagPlanned = 0x40000000;
    public const int MajorSoftware = 0x00040000;
    public const int MinorReconfig = 0x00000005;

    /// <summary>0x40040005.</summary>
    public const int PlannedReconfiguration = FlagPlanned | MajorSoftware | MinorReconfig;
}
