using System;
using System.Collections.Generic;
using System.Xml.Linq;
using WixToolset.Data;
using WixToolset.Data.Symbols;
using WixToolset.Extensibility;
using WmiFixedPort.Validation;

namespace WmiFixedPort.Wixext;

/// <summary>
/// Compiles &lt;wmi:FixedPort /&gt;. It checks literal values with the engine's rules, adds one SetProperty action per
/// attribute written (the layer between the remembered value and the default) and references the wixlib's actions of the
/// package's platform, which bring in the rest of the wixlib. Inside a Feature (or FeatureRef) it also places the
/// engine's components in that feature and makes the wixlib's firewall features its children, each holding the rule
/// component of the package's platform; inside Package or Fragment it places nothing (the consumer references the
/// component groups in its own features).
/// </summary>
public sealed class FixedPortCompiler : BaseCompilerExtension
{
    // One instance serves every source file of a `wix build` (WiX's ExtensionManager caches it), so this counts the
    // elements of the whole package. A second package build in the same process gets a new extension manager.
    private int elementsSeen;

    public override XNamespace Namespace => FixedPortConstants.Namespace;

    public override void ParseElement(Intermediate intermediate, IntermediateSection section, XElement parentElement, XElement element, IDictionary<string, string> context)
    {
        string parent = parentElement.Name.LocalName;
        if (element.Name.LocalName == FixedPortConstants.ElementName
            && Array.IndexOf(FixedPortConstants.Parents, parent) >= 0)
        {
            ParseFixedPortElement(intermediate, section, parentElement, element);
        }
        else
        {
            ParseHelper.UnexpectedElement(parentElement, element);
        }
    }

    private void ParseFixedPortElement(Intermediate intermediate, IntermediateSection section, XElement parentElement, XElement element)
    {
        SourceLineNumber sourceLineNumbers = ParseHelper.GetSourceLineNumbers(element);
        var values = new List<KeyValuePair<FixedPortSetting, string>>();

        foreach (XAttribute attribute in element.Attributes())
        {
            if (attribute.Name.NamespaceName.Length != 0 && attribute.Name.Namespace != Namespace)
            {
                ParseHelper.ParseExtensionAttribute(Context.Extensions, intermediate, section, element, attribute);
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
                values.Add(new KeyValuePair<FixedPortSetting, string>(setting, setting.ToPropertyValue(value!)));
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

        bool inFeature = Array.IndexOf(FixedPortConstants.FeatureParents, parentElement.Name.LocalName) >= 0;
        string? featureId = inFeature ? parentElement.Attribute("Id")?.Value : null;
        if (inFeature && string.IsNullOrEmpty(featureId))
        {
            Messaging.Write(FixedPortErrors.ParentWithoutId(sourceLineNumbers, parentElement.Name.LocalName));
        }

        if (Messaging.EncounteredError)
        {
            return;
        }

        foreach (KeyValuePair<FixedPortSetting, string> value in values)
        {
            AddSetPropertyAction(section, sourceLineNumbers, value.Key, value.Value);
        }

        // The platform's actions: their fragment references the settings, the preconditions and the engine's components.
        ParseHelper.CreateSimpleReference(section, sourceLineNumbers, SymbolDefinitions.CustomAction, FixedPortConstants.EnableAction + suffix);

        if (featureId is not null)
        {
            PlaceInFeature(section, sourceLineNumbers, featureId, suffix!);
        }
    }

    /// <summary>The engine's components into the parent feature; the firewall features as its children, each with the rule
    /// component of the package's platform (what Feature/ComponentGroupRef and Feature/FeatureRef compile to).</summary>
    private void PlaceInFeature(IntermediateSection section, SourceLineNumber sourceLineNumbers, string featureId, string suffix)
    {
        AddComponentGroup(section, sourceLineNumbers, featureId, FixedPortConstants.EngineComponents);
        foreach (KeyValuePair<string, string> firewall in FixedPortConstants.FirewallFeatures)
        {
            ParseHelper.CreateSimpleReference(section, sourceLineNumbers, SymbolDefinitions.Feature, firewall.Key);
            ParseHelper.CreateComplexReference(section, sourceLineNumbers, ComplexReferenceParentType.Feature, featureId, null, ComplexReferenceChildType.Feature, firewall.Key, true);
            AddComponentGroup(section, sourceLineNumbers, firewall.Key, firewall.Value + suffix);
        }
    }

    private void AddComponentGroup(IntermediateSection section, SourceLineNumber sourceLineNumbers, string featureId, string componentGroupId)
    {
        ParseHelper.CreateSimpleReference(section, sourceLineNumbers, SymbolDefinitions.WixComponentGroup, componentGroupId);
        ParseHelper.CreateComplexReference(section, sourceLineNumbers, ComplexReferenceParentType.Feature, featureId, null, ComplexReferenceChildType.ComponentGroup, componentGroupId, false);
    }

    /// <summary>What WiX's own SetProperty element compiles to (Compiler_Package.cs, ParseSetPropertyElement, v5.0.2): an
    /// immediate type-51 action in both sequences, here before the wixlib's default step (which follows the remembered
    /// value's). It only fills the property while nothing above it (command line, policy, remembered value) has. The value
    /// is formatted by Windows Installer, so "[PROPERTY]" works.</summary>
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
            ParseHelper.ScheduleActionSymbol(section, sourceLineNumbers, AccessModifier.Global, sequence, setting.ActionId, "NOT " + setting.Property, setting.BeforeActionId, null);
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
