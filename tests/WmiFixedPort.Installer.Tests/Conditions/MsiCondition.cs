using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;

namespace WmiFixedPort.Installer.Tests.Conditions;

/// <summary>
/// Evaluates Windows Installer conditional statements the way msiexec does, for the subset the installer uses.
/// Facts: ../shared/docs/msi-conditions.md section 1 (MS docs, Wine cond.y and its conformance tests).
///
/// Supported subset:
///   expr := term { OR term };  term := factor { AND factor };  factor := NOT factor | cmp
///   cmp  := "(" expr ")" | value [ op value ]            (comparisons do not chain; no parenthesised operand)
///   value := Property | "string literal" | integer
///   op   := = &lt;&gt; &lt; &gt; &lt;= &gt;= &gt;&lt; &lt;&lt; &gt;&gt;, each optionally prefixed by ~ (case-insensitive)
///   Keywords NOT/AND/OR are case-insensitive; property names are case-sensitive; an unset property is "".
/// Value rules:
///   - bare value: a string is TRUE when non-empty ("0" too), an integer when non-zero;
///   - integer vs property: the property is converted only if it matches -?[0-9]+, otherwise every operator is FALSE
///     except &lt;&gt; (TRUE); integer vs string literal: never converted (same rule);
///   - property vs property/literal: two integer-looking strings compare as integers, anything else as an ordinal
///     string compare; literal vs literal: always a string compare;
///   - substring operators on strings: empty left side FALSE, empty right side (left non-empty) TRUE; on two
///     integers: &gt;&lt; is a bitwise AND test, &lt;&lt; compares the high 16 bits, &gt;&gt; the low 16 bits;
///   - an empty or whitespace-only condition is TRUE (the action runs).
/// Not supported (NotSupportedException): XOR, EQV, IMP (their precedence differs between Windows and Wine),
///   %Environment, &amp;Feature, !Feature. $Component and ?Component are read from the entries "$Name" and "?Name".
///   Syntax errors throw FormatException
///   (msiexec: MSICONDITION_ERROR, which stops the sequence).
/// </summary>
internal static partial class MsiCondition
{
    public static bool Evaluate(string? condition, IReadOnlyDictionary<string, string> properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        if (string.IsNullOrWhiteSpace(condition))
        {
            return true;
        }

        var parser = new Parser(Tokenize(condition), properties);
        return parser.ParseAll();
    }

    private enum TokenKind { LeftParen, RightParen, Not, And, Or, Operator, Integer, StringLiteral, Property }

    private readonly record struct Token(TokenKind Kind, string Text);

    private enum OperandKind { Integer, StringLiteral, Property }

    private readonly record struct Operand(OperandKind Kind, string Text);

    private static readonly string[] Operators = ["<>", "<=", ">=", "><", "<<", ">>", "=", "<", ">"];

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '(')
            {
                tokens.Add(new Token(TokenKind.LeftParen, "("));
                i++;
            }
            else if (c == ')')
            {
                tokens.Add(new Token(TokenKind.RightParen, ")"));
                i++;
            }
            else if (c == '"')
            {
                var end = text.IndexOf('"', i + 1);
                if (end < 0)
                {
                    throw new FormatException($"Unterminated string literal in: {text}");
                }

                tokens.Add(new Token(TokenKind.StringLiteral, text[(i + 1)..end]));
                i = end + 1;
            }
            else if (char.IsAsciiDigit(c) || (c == '-' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                var start = i++;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Integer, text[start..i]));
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                var start = i++;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_' || text[i] == '.'))
                {
                    i++;
                }

                var word = text[start..i];
                switch (word.ToUpperInvariant())
                {
                    case "NOT": tokens.Add(new Token(TokenKind.Not, word)); break;
                    case "AND": tokens.Add(new Token(TokenKind.And, word)); break;
                    case "OR": tokens.Add(new Token(TokenKind.Or, word)); break;
                    case "XOR":
                    case "EQV":
                    case "IMP":
                        throw new NotSupportedException($"{word} is outside the supported subset: {text}");
                    default: tokens.Add(new Token(TokenKind.Property, word)); break;
                }
            }
            else if (c is '$' or '?' && i + 1 < text.Length && (char.IsAsciiLetter(text[i + 1]) || text[i + 1] == '_'))
            {
                // $Component: the component's action state, ?Component: its installed state (integers, MS:
                // conditional-statement-syntax). The caller supplies them as the entries "$Name" and "?Name".
                var start = i++;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_' || text[i] == '.'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Property, text[start..i]));
            }
            else if (c is '%' or '$' or '?' or '&' or '!')
            {
                if (i + 1 < text.Length && (char.IsAsciiLetter(text[i + 1]) || text[i + 1] == '_'))
                {
                    throw new NotSupportedException($"'{c}' symbols are outside the supported subset: {text}");
                }

                throw new FormatException($"Syntax error at '{c}' in: {text}");
            }
            else
            {
                var caseInsensitive = c == '~';
                var at = caseInsensitive ? i + 1 : i;
                var op = Array.Find(Operators, o => string.CompareOrdinal(text, at, o, 0, o.Length) == 0);
                if (op is null)
                {
                    throw new FormatException($"Syntax error at position {i} in: {text}");
                }

                tokens.Add(new Token(TokenKind.Operator, (caseInsensitive ? "~" : string.Empty) + op));
                i = at + op.Length;
            }
        }

        return tokens;
    }

    private sealed class Parser(List<Token> tokens, IReadOnlyDictionary<string, string> properties)
    {
        private int position;

        public bool ParseAll()
        {
            var result = this.ParseExpression();
            if (this.position != tokens.Count)
            {
                throw new FormatException($"Unexpected '{tokens[this.position].Text}'");
            }

            return result;
        }

        private Token? Peek => this.position < tokens.Count ? tokens[this.position] : null;

        private bool ParseExpression()
        {
            var result = this.ParseTerm();
            while (this.Peek?.Kind == TokenKind.Or)
            {
                this.position++;
                var right = this.ParseTerm();
                result = result || right;
            }

            return result;
        }

        private bool ParseTerm()
        {
            var result = this.ParseFactor();
            while (this.Peek?.Kind == TokenKind.And)
            {
                this.position++;
                var right = this.ParseFactor();
                result = result && right;
            }

            return result;
        }

        private bool ParseFactor()
        {
            if (this.Peek?.Kind == TokenKind.Not)
            {
                this.position++;
                return !this.ParseFactor();
            }

            return this.ParseComparison();
        }

        private bool ParseComparison()
        {
            if (this.Peek?.Kind == TokenKind.LeftParen)
            {
                this.position++;
                var inner = this.ParseExpression();
                if (this.Peek?.Kind != TokenKind.RightParen)
                {
                    throw new FormatException("Missing ')'");
                }

                this.position++;
                if (this.Peek?.Kind == TokenKind.Operator)
                {
                    throw new FormatException("A parenthesised expression cannot be compared");
                }

                return inner;
            }

            var left = this.ParseValue();
            if (this.Peek?.Kind != TokenKind.Operator)
            {
                return IsTrue(left, properties);
            }

            var op = tokens[this.position++].Text;
            var right = this.ParseValue();
            return Compare(left, op, right, properties);
        }

        private Operand ParseValue()
        {
            var token = this.Peek ?? throw new FormatException("Unexpected end of condition");
            this.position++;
            return token.Kind switch
            {
                TokenKind.Integer => new Operand(OperandKind.Integer, token.Text),
                TokenKind.StringLiteral => new Operand(OperandKind.StringLiteral, token.Text),
                TokenKind.Property => new Operand(OperandKind.Property, token.Text),
                _ => throw new FormatException($"Expected a value, found '{token.Text}'"),
            };
        }
    }

    private static string TextOf(Operand operand, IReadOnlyDictionary<string, string> properties) =>
        operand.Kind == OperandKind.Property
            ? properties.TryGetValue(operand.Text, out var value) ? value : string.Empty
            : operand.Text;

    private static bool IsTrue(Operand operand, IReadOnlyDictionary<string, string> properties) =>
        operand.Kind == OperandKind.Integer
            ? ParseInteger(operand.Text) != 0
            : TextOf(operand, properties).Length > 0;

    private static bool Compare(Operand left, string op, Operand right, IReadOnlyDictionary<string, string> properties)
    {
        var caseInsensitive = op.StartsWith('~');
        var bare = caseInsensitive ? op[1..] : op;
        var leftText = TextOf(left, properties);
        var rightText = TextOf(right, properties);

        if (left.Kind == OperandKind.Integer || right.Kind == OperandKind.Integer)
        {
            var other = left.Kind == OperandKind.Integer ? right : left;
            var otherText = left.Kind == OperandKind.Integer ? rightText : leftText;
            var convertible = other.Kind != OperandKind.StringLiteral && IntegerPattern().IsMatch(otherText)
                              && TryParseInteger(otherText, out _);
            if (!convertible)
            {
                return bare == "<>";
            }

            return CompareIntegers(ParseInteger(leftText), bare, ParseInteger(rightText));
        }

        var bothIntegers = (left.Kind == OperandKind.Property || right.Kind == OperandKind.Property)
                           && IntegerPattern().IsMatch(leftText) && IntegerPattern().IsMatch(rightText)
                           && TryParseInteger(leftText, out _) && TryParseInteger(rightText, out _);
        if (bothIntegers)
        {
            return CompareIntegers(ParseInteger(leftText), bare, ParseInteger(rightText));
        }

        return CompareStrings(leftText, bare, rightText,
            caseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
    }

    private static bool CompareIntegers(int left, string op, int right) => op switch
    {
        "=" => left == right,
        "<>" => left != right,
        "<" => left < right,
        ">" => left > right,
        "<=" => left <= right,
        ">=" => left >= right,
        "><" => (left & right) != 0,
        "<<" => ((left >> 16) & 0xFFFF) == right,
        ">>" => (left & 0xFFFF) == right,
        _ => throw new FormatException($"Unknown operator {op}"),
    };

    private static bool CompareStrings(string left, string op, string right, StringComparison comparison)
    {
        if (op is "><" or "<<" or ">>")
        {
            if (left.Length == 0)
            {
                return false;
            }

            if (right.Length == 0)
            {
                return true;
            }

            return op switch
            {
                "><" => left.Contains(right, comparison),
                "<<" => left.StartsWith(right, comparison),
                _ => left.EndsWith(right, comparison),
            };
        }

        var order = string.Compare(left, right, comparison);
        return op switch
        {
            "=" => order == 0,
            "<>" => order != 0,
            "<" => order < 0,
            ">" => order > 0,
            "<=" => order <= 0,
            ">=" => order >= 0,
            _ => throw new FormatException($"Unknown operator {op}"),
        };
    }

    private static bool TryParseInteger(string text, out int value) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    private static int ParseInteger(string text) =>
        TryParseInteger(text, out var value) ? value : throw new FormatException($"Integer out of range: {text}");

    [GeneratedRegex("^-?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex IntegerPattern();
}
