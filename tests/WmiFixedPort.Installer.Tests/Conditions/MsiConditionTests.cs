using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace WmiFixedPort.Installer.Tests.Conditions;

/// <summary>The evaluator against the examples of ../shared/docs/msi-conditions.md section 1 (WT = Wine conformance tests).</summary>
[TestClass]
public sealed class MsiConditionTests
{
    private static bool Eval(string condition, params (string Name, string Value)[] properties)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in properties)
        {
            map[name] = value;
        }

        return MsiCondition.Evaluate(condition, map);
    }

    [TestMethod]
    [DataRow("WMIPORT=1024", false)]
    [DataRow("WMIPORT<1024", false)]
    [DataRow("WMIPORT>=1024", false)]
    [DataRow("WMIPORT<>1024", true)]
    public void Evaluate_WhenPropertyIsNotAnInteger_ComparisonsExceptNotEqualAreFalse(string condition, bool expected)
    {
        Assert.AreEqual(expected, Eval(condition, ("WMIPORT", "abc")));
        Assert.AreEqual(expected, Eval(condition));
    }

    [TestMethod]
    [DataRow("0", true)]
    [DataRow("-0", true)]
    [DataRow("0000000000000", true)]
    [DataRow("", false)]
    [DataRow("asdf", false)]
    [DataRow("0asdf", false)]
    [DataRow("0 ", false)]
    [DataRow("--0", false)]
    [DataRow("0x00", false)]
    [DataRow("+0", false)]
    [DataRow("0.0", false)]
    public void Evaluate_WhenComparingPropertyToInteger_ConvertsOnlyPlainIntegers(string value, bool expected)
    {
        Assert.AreEqual(expected, Eval("P=0", ("P", value)));
    }

    [TestMethod]
    [DataRow("1=\"1\"", false)]
    [DataRow("0<\"100\"", false)]
    [DataRow("\"A\"=1", false)]
    [DataRow("1<>\"1\"", true)]
    public void Evaluate_WhenComparingIntegerToStringLiteral_NeverConverts(string condition, bool expected)
    {
        Assert.AreEqual(expected, Eval(condition));
    }

    [TestMethod]
    public void Evaluate_WhenBothSidesAreDigitStrings_ComparesAsIntegers()
    {
        Assert.IsTrue(Eval("mm=\"5\"", ("mm", "5")));
        Assert.IsTrue(Eval("mm<12", ("mm", "5")));
        Assert.IsTrue(Eval("P>=\"10240\"", ("P", "19045")));
    }

    [TestMethod]
    public void Evaluate_WhenOneSideIsNotDigits_ComparesAsOrdinalStrings()
    {
        Assert.IsTrue(Eval("A<=X", ("A", "2"), ("X", "50val")));
        Assert.IsTrue(Eval("P>=\"#394802\"", ("P", "#533325")));
        Assert.IsFalse(Eval("P>=\"#394802\"", ("P", "#1000000")));
    }

    [TestMethod]
    public void Evaluate_WhenBothSidesAreLiterals_AlwaysComparesStrings()
    {
        Assert.IsTrue(Eval("\"100\"<\"21\""));
    }

    [TestMethod]
    public void Evaluate_WhenPropertyHoldsZeroString_IsTrue()
    {
        Assert.IsTrue(Eval("P", ("P", "0")));
        Assert.IsTrue(Eval("\"0\""));
        Assert.IsFalse(Eval("0"));
        Assert.IsFalse(Eval("NOT P", ("P", "0")));
        Assert.IsTrue(Eval("NOT P"));
    }

    [TestMethod]
    public void Evaluate_WhenTildePrefixed_IgnoresCase()
    {
        Assert.IsTrue(Eval("REMOVE~=\"ALL\"", ("REMOVE", "all")));
        Assert.IsFalse(Eval("REMOVE=\"ALL\"", ("REMOVE", "all")));
        Assert.IsTrue(Eval("P~><\"DOM\"", ("P", "domain")));
    }

    [TestMethod]
    public void Evaluate_WhenNotPrecedesComparison_NegatesTheWholeComparison()
    {
        Assert.IsFalse(Eval("NOT REMOVE~=\"ALL\"", ("REMOVE", "ALL")));
        Assert.IsTrue(Eval("NOT REMOVE~=\"ALL\""));
        Assert.IsTrue(Eval("NOT REMOVE~=\"ALL\"", ("REMOVE", "Firewall")));
    }

    [TestMethod]
    public void Evaluate_WhenMixingNotAndOr_AppliesNotThenAndThenOr()
    {
        Assert.IsFalse(Eval("NOT 1 AND 0 OR 0"));
        Assert.IsTrue(Eval("1 OR 1 AND 0"));
        Assert.IsFalse(Eval("(1 OR 1) AND 0"));
        Assert.IsTrue(Eval("NOT 0 AND 1"));
        Assert.IsTrue(Eval("not 0 and 1"));
    }

    [TestMethod]
    public void Evaluate_WhenUsingSubstringOperators_FollowsTheEmptyAndBitwiseRules()
    {
        Assert.IsTrue(Eval("3><1"));
        Assert.IsFalse(Eval("3><4"));
        Assert.IsTrue(Eval("\"abc\"><\"b\""));
        Assert.IsFalse(Eval("P><\"a\""));
        Assert.IsTrue(Eval("\"abc\"><\"\""));
        Assert.IsTrue(Eval("P<<\"dom\"", ("P", "domain")));
        Assert.IsTrue(Eval("P>>\"ain\"", ("P", "domain")));
    }

    [TestMethod]
    public void Evaluate_WhenInstalledIsUnset_EmptyStringComparisonIsFalse()
    {
        Assert.IsFalse(Eval("Installed<>\"\""));
        Assert.IsTrue(Eval("Installed<>\"\"", ("Installed", "1")));
    }

    [TestMethod]
    public void Evaluate_WhenNamesDifferInCase_TreatsThemAsDifferentProperties()
    {
        Assert.IsFalse(Eval("Installed", ("INSTALLED", "1")));
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("   ")]
    public void Evaluate_WhenConditionIsEmpty_IsTrue(string condition)
    {
        Assert.IsTrue(Eval(condition));
    }

    [TestMethod]
    [DataRow("A ~ = B")]
    [DataRow("A != B")]
    [DataRow("A == B")]
    [DataRow("A < > B")]
    [DataRow("A IMPL B")]
    [DataRow("(1 AND 1) = 2")]
    [DataRow("1 = 1 = 1")]
    [DataRow("(1")]
    [DataRow("\"open")]
    [DataRow("AND 1")]
    public void Evaluate_WhenSyntaxIsInvalid_Throws(string condition)
    {
        Assert.ThrowsExactly<FormatException>(() => Eval(condition));
    }

    [TestMethod]
    [DataRow("1 XOR 1 OR 1")]
    [DataRow("A EQV B")]
    [DataRow("&Firewall=3")]
    [DataRow("%PATH")]
    public void Evaluate_WhenOutsideTheSubset_ThrowsNotSupported(string condition)
    {
        Assert.ThrowsExactly<NotSupportedException>(() => Eval(condition));
    }
}
