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
}
