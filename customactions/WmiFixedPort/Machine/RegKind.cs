namespace WmiFixedPort.Machine;

/// <summary>The registry value types the product reads and writes.</summary>
internal enum RegKind
{
    String,
    ExpandString,
    MultiString,
    DWord,
    QWord,
    Binary,

    /// <summary>
    /// Any other registry type (REG_NONE, REG_DWORD_BIG_ENDIAN, REG_LINK, REG_RESOURCE_LIST, ...), or a value of a
    /// known type whose bytes the typed form would not reproduce (a string without its terminator, a DWORD of 3 bytes):
    /// its type number and bytes as they are, so that a copy restores it byte for byte.
    /// </summary>
    Other,
}
