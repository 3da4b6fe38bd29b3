using System;
using System.Collections.Generic;
using System.Xml.Linq;
using WixToolset.Data;
using WixToolset.Data.Symbols;
using WixToolset.Extensibility;
using WmiFixedPort.Validation;

namespace WmiFixedPort.Wixext;

/// <summary>
/// Compiles &lt;wmi:FixedPort /&gt; (child of Feature or FeatureRef): checks literal values with the engine's rules, adds one
/// SetProperty action per setting (the layer below the remembered value) and puts the wixlib's component group of the
/// package's platform into the parent feature, which pulls in the rest of the wixlib.
/// </summary>
public sealed class FixedPortCompiler : BaseCompilerExtension
{
    // One instance serves every source file of a `wix build` (WiX's ExtensionManager caches it), so this counts the
    // elements of the whole package. A second package build in the same process gets a new extension manager.
    private int elementsSeen;

    public override XNamespace Namespace => FixedPortConstants.Namespace;

    public override void ParseElement(Intermediate intermediate, IntermediateSection section, XElement parentElement, XElement element, IDictionary<string, string> context)
    {
        if (element.Name.LocalName == FixedPortConstants.ElementName
            && (parentElement.Name.LocalName == "Feature" || parentElement.Name.LocalName == "FeatureRef"))
        {
            ParseFixedPortElement(section, parentElement, element);
        }
        else
        {
            ParseHelper.UnexpectedElement(parentElement, element);
        }
    }

    private void ParseFixedPortElement(IntermediateSection section, XElement parentElement, XElement element)
    {
        SourceLineNumber sourceLineNumbers = ParseHelper.GetSourceLineNumbers(element);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);

        foreach (XAttribute attribute in element.Attributes())
        {
            if (attribute.Name.NamespaceName.Length != 0 && attribute.Name.Namespace != Namespace)
            {
                ParseHelper.ParseExtensionAttribute(Context.Extensions, null, section, element, attribute);
                continue;
            }

            FixedPortSetting? setting = Find(attribute.Name.LocalName);
            if (setting is null)
            {
                ParseHelper.UnexpectedAttribute(element, attribute);
                continue;
            }

            string? value = ParseHelper.GetAttributeValue(sourceLineNumbers, attribute);
            if (string.IsNullOrEmpty(value))
            {
                continue; // GetAttributeValue has reported the empty value.
            }

            try
            {
                values[setting.Property] = setting.ToPropertyValue(value!);
            }
            catch (InvalidArgumentException ex)
            {
                Messaging.Write(FixedPortErrors.InvalidAttributeValue(sourceLineNumbers, setting.Attribute, ex.Message));
            }
        }

        ParseHelper.InnerTextDisallowed(element);
        foreach (XElement child in element.Elements())
        {
            ParseHelper.UnexpectedElement(element, child);
        }

        elementsSeen++;
        if (elementsSeen > 1)
        {
            Messaging.Write(FixedPortErrors.MoreThanOneElement(sourceLineNumbers));
        }

        string? suffix = PlatformSuffix(Context.Platform);
        if (suffix is null)
        {
            Messaging.Write(FixedPortErrors.UnsupportedPlatform(sourceLineNumbers, Context.Platform.ToString()));
        }

        string? featureId = parentElement.Attribute("Id")?.Value;
        if (string.IsNullOrEmpty(featureId))
        {
            Messaging.Write(FixedPortErrors.ParentWithoutId(sourceLineNumbers, parentElement.Name.LocalName));
        }

        if (Messaging.EncounteredError)
        {
            return;
        }

        foreach (FixedPortSetting setting in FixedPortSetting.All)
        {
            AddSetPropertyAction(section, sourceLineNumbers, setting, values.TryGetValue(setting.Property, out string? given) ? given : setting.DefaultValue);
        }

        string componentGroup = FixedPortConstants.ComponentGroupPrefix + suffix;
        ParseHelper.CreateSimpleReference(section, sourceLineNumbers, SymbolDefinitions.WixComponentGroup, componentGroup);
        ParseHelper.CreateComplexReference(section, sourceLineNumbers, ComplexReferenceParentType.Feature, featureId, null, ComplexReferenceChildType.ComponentGroup, componentGroup, false);
    }

    /// <summary>What WiX's own SetProperty element compiles to (Compiler_Package.cs, ParseSetPropertyElement, v5.0.2): an
    /// immediate type-51 action in both sequences. It only fills the property while nothing above it (command line, policy,
    /// remembered value) has.</summary>
    private void AddSetPropertyAction(IntermediateSection section, SourceLineNumber sourceLineNumbers, FixedPortSetting setting, string value)
    {
        section.AddSymbol(new CustomActionSymbol(sourceLineNumbers, new Identifier(AccessModifier.Global, setting.ActionId))
        {
            ExecutionType = CustomActionExecutionType.Immediate,
            SourceType = CustomActionSourceType.Property,
            TargetType = CustomActionTargetType.TextData,
            Source = setting.Property,
            Target = value,
        });

        foreach (SequenceTable sequence in new[] { SequenceTable.InstallUISequence, SequenceTable.InstallExecuteSequence })
        {
            ParseHelper.ScheduleActionSymbol(section, sourceLineNumbers, AccessModifier.Global, sequence, setting.ActionId, "NOT " + setting.Property, null, setting.AfterActionId);
        }
    }

    private static FixedPortSetting? Find(string attribute)
    {
        foreach (FixedPortSetting setting in FixedPortSetting.All)
        {
            if (setting.Attribute == attribute)
            {
                return setting;
            }
        }

        return null;
    }

    /// <summary>The suffix WiX gives per-platform Ids in its own wixlibs (src/ext/caDecor.wxi, v5.0.2).</summary>
    private static string? PlatformSuffix(Platform platform) => platform switch
    {
        Platform.X64 => "_X64",
        Platform.ARM64 => "_A64",
        _ => null,
    };
}
