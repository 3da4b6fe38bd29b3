using WixToolset.Data;
using WixToolset.Extensibility;

namespace WmiFixedPort.Wixext;

/// <summary>Hands the embedded wixlib to the linker, the way WiX's own extensions do.</summary>
public sealed class FixedPortExtensionData : BaseExtensionData
{
    /// <summary>The LogicalName the .csproj gives the embedded wixlib.</summary>
    internal const string LibraryResourceName = "WmiFixedPort.Wixext.wmifixedport.wixlib";

    public override Intermediate GetLibrary(ISymbolDefinitionCreator symbolDefinitions) =>
        Intermediate.Load(typeof(FixedPortExtensionData).Assembly, LibraryResourceName, symbolDefinitions);
}
