using System;
using System.Collections.Generic;
using WixToolset.Extensibility;

namespace WmiFixedPort.Wixext;

/// <summary>The entry point WiX looks for in an extension assembly.</summary>
public sealed class FixedPortExtensionFactory : BaseExtensionFactory
{
    protected override IReadOnlyCollection<Type> ExtensionTypes => new[]
    {
        typeof(FixedPortCompiler),
        typeof(FixedPortExtensionData),
    };
}
