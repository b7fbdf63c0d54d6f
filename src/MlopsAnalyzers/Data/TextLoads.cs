using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.Data;

/// <summary>What a text loader call certainly sets, leaves at its default, or cannot be told.</summary>
internal enum SettingState
{
    /// <summary>Not written anywhere the rule can see: the loader's default applies.</summary>
    Default,

    /// <summary>Written, with the constant in <see cref="LoaderSetting.Value"/> (or a value that is not a constant).</summary>
    Explicit,

    /// <summary>The options come from somewhere the rule cannot follow.</summary>
    Unknown,
}

/// <summary>One setting of a text loader call: its state and, when explicit, its constant value (null when not a constant).</summary>
internal readonly struct LoaderSetting
{
    public LoaderSetting(SettingState state, object? value)
    {
        State = state;
        Value = value;
    }

    public SettingState State { get; }

    public object? Value { get; }

    public static LoaderSetting Default => new(SettingState.Default, null);

    public static LoaderSetting Unknown => new(SettingState.Unknown, null);
}

/// <summary>
/// The engine of the data family: a call to <c>mlContext.Data.LoadFromTextFile</c> or <c>CreateTextLoader</c> (any
/// overload) read as the settings it gives the loader. The parameter overloads say everything in their arguments (an
/// omitted argument is the default); the options overloads are read from a <c>new TextLoader.Options { ... }</c>
/// written in the call or in a local that holds it and is used for nothing else; options from anywhere else make
/// every setting <see cref="SettingState.Unknown"/>.
/// </summary>
internal sealed class TextLoad
{
    private TextLoad(IInvocationOperation invocation, bool isFileLoad, ITypeSymbol? inputType)
    {
        Invocation = invocation;
        IsFileLoad = isFileLoad;
        InputType = inputType;
    }

    public IInvocationOperation Invocation { get; }

    /// <summary>True for <c>LoadFromTextFile</c> (which names the file), false for <c>CreateTextLoader</c>.</summary>
    public bool IsFileLoad { get; }

    /// <summary>The schema class of the generic overloads (<c>LoadFromTextFile&lt;TInput&gt;</c>), else null.</summary>
    public ITypeSymbol? InputType { get; }

    /// <summary>The <c>path</c> argument of <c>LoadFromTextFile</c>.</summary>
    public IArgumentOperation? PathArgument { get; private set; }

    /// <summary>The <c>columns</c> argument of the non-generic parameter overloads.</summary>
    public IArgumentOperation? ColumnsArgument { get; private set; }

    /// <summary>The <c>options</c> argument of the options overloads, else null.</summary>
    public IArgumentOperation? OptionsArgument { get; private set; }

    /// <summary>The options object the call reads (in the call or in a local), when there is one the rule can read.</summary>
    public IObjectCreationOperation? OptionsCreation { get; private set; }

    public LoaderSetting Separator { get; private set; }

    public LoaderSetting HasHeader { get; private set; }

    public LoaderSetting MissingRealsAsNaNs { get; private set; }

    /// <summary>The text load <paramref name="invocation"/> is, or null when it is none.</summary>
    public static TextLoad? Get(IInvocationOperation invocation, DataSymbols data)
    {
        var method = invocation.TargetMethod;
        if (method.Name is not ("LoadFromTextFile" or "CreateTextLoader")
            || !SymbolEqualityComparer.Default.Equals(method.ContainingType, data.TextLoaderSaverCatalog))
        {
            return null;
        }

        var load = new TextLoad(invocation, method.Name == "LoadFromTextFile", method.IsGenericMethod ? method.TypeArguments[0] : null)
        {
            PathArgument = invocation.GetArgument("path"),
            ColumnsArgument = invocation.GetArgument("columns"),
            OptionsArgument = invocation.GetArgument("options"),
        };

        if (load.OptionsArgument is { } options)
        {
            load.ReadOptions(options, data);
        }
        else
        {
            load.Separator = ReadArgument(invocation.GetArgument("separatorChar"));
            load.HasHeader = ReadArgument(invocation.GetArgument("hasHeader"));

            // The parameter overloads cannot set it: missing reals are read as 0.
            load.MissingRealsAsNaNs = LoaderSetting.Default;
        }

        return load;
    }

    /// <summary>
    /// The constant text that ends the path expression: a constant string, the last argument of <c>Path.Combine</c>,
    /// the text that ends an interpolated string, or the value of a local holding one of those. Null otherwise.
    /// </summary>
    public static string? GetPathEnding(IOperation path)
    {
        var value = path.WalkDownConversion();
        for (var depth = 0; depth < 4; depth++)
        {
            if (value.ConstantValue is { HasValue: true, Value: string constant })
            {
                return constant;
            }

            switch (value)
            {
                case ILocalReferenceOperation or IParameterReferenceOperation:
                    if (DataFlow.ResolveValue(value) is not { } resolved || resolved is IParameterReferenceOperation)
                    {
                        return null;
                    }

                    value = resolved;
                    continue;
                case IInvocationOperation { TargetMethod: { Name: "Combine", ContainingType: { Name: "Path", ContainingNamespace: { Name: "IO", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } } } combine
                    when combine.Arguments.Length > 0:
                    var last = combine.Arguments[combine.Arguments.Length - 1].Value.WalkDownConversion();
                    if (last is IArrayCreationOperation { Initializer.ElementValues: { Length: > 0 } elements })
                    {
                        last = elements[elements.Length - 1].WalkDownConversion();
                    }

                    value = last;
                    continue;
                case IInterpolatedStringOperation { Parts: { Length: > 0 } parts }
                    when parts[parts.Length - 1] is IInterpolatedStringTextOperation { Text.ConstantValue: { HasValue: true, Value: string text } }:
                    return text;
                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="path"/> certainly ends with <paramref name="extension"/> (case-insensitive).</summary>
    public static bool EndsWith(string? path, string extension)
        => path is not null && path.EndsWith(extension, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// True when the schema class has a <c>float</c> or <c>double</c> member (or an array of them) that a text file
    /// fills; for the non-generic overloads, when a column is declared <c>DataKind.Single</c> or <c>Double</c>. False
    /// when that cannot be told.
    /// </summary>
    public bool ReadsReals(DataSymbols data)
    {
        if (InputType is INamedTypeSymbol type)
        {
            for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
            {
                foreach (var member in current.GetMembers())
                {
                    if (member.IsStatic)
                    {
                        continue;
                    }

                    var memberType = member switch
                    {
                        IFieldSymbol field => field.Type,
                        IPropertySymbol property => property.Type,
                        _ => null,
                    };
                    if (memberType is IArrayTypeSymbol array)
                    {
                        memberType = array.ElementType;
                    }

                    if (memberType?.SpecialType is SpecialType.System_Single or SpecialType.System_Double)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        IOperation? columns = ColumnsArgument?.Value;
        if (OptionsCreation is { Initializer: { } initializer })
        {
            foreach (var assignment in initializer.Initializers)
            {
                if (assignment is ISimpleAssignmentOperation { Target: IFieldReferenceOperation { Field.Name: "Columns" } } columnsAssignment)
                {
                    columns = columnsAssignment.Value;
                }
            }
        }

        if (columns is null)
        {
            return false;
        }

        var resolved = DataFlow.ResolveValue(columns) ?? columns;
        foreach (var operation in resolved.DescendantsAndSelf())
        {
            if (operation is IFieldReferenceOperation { Field: { Name: "Single" or "Double" } kind }
                && SymbolEqualityComparer.Default.Equals(kind.ContainingType, data.DataKind))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The file columns that the generic schema class reads as numbers: members of a numeric type with
    /// <c>[LoadColumn(index)]</c>. Empty for the non-generic overloads.
    /// </summary>
    public ImmutableArray<int> NumericColumns(DataSymbols data)
    {
        if (InputType is not INamedTypeSymbol type || data.LoadColumnAttribute is null)
        {
            return ImmutableArray<int>.Empty;
        }

        var columns = ImmutableArray.CreateBuilder<int>();
        foreach (var member in type.GetMembers())
        {
            var memberType = member switch
            {
                IFieldSymbol field => field.Type,
                IPropertySymbol property => property.Type,
                _ => null,
            };
            if (member.IsStatic || memberType is null || !IsNumeric(memberType.SpecialType))
            {
                continue;
            }

            foreach (var attribute in member.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, data.LoadColumnAttribute)
                    && attribute.ConstructorArguments is { Length: 1 } arguments
                    && arguments[0].Value is int index)
                {
                    columns.Add(index);
                }
            }
        }

        return columns.ToImmutable();
    }

    private static bool IsNumeric(SpecialType type)
        => type is SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Int32 or SpecialType.System_Int64
            or SpecialType.System_Int16 or SpecialType.System_UInt32 or SpecialType.System_UInt64 or SpecialType.System_UInt16
            or SpecialType.System_Byte or SpecialType.System_SByte;

    private static LoaderSetting ReadArgument(IArgumentOperation? argument)
    {
        if (argument is null)
        {
            return LoaderSetting.Unknown;
        }

        if (argument.ArgumentKind == ArgumentKind.DefaultValue)
        {
            return LoaderSetting.Default;
        }

        var value = argument.Value.WalkDownConversion();
        return new LoaderSetting(SettingState.Explicit, value.ConstantValue.HasValue ? value.ConstantValue.Value : null);
    }

    private void ReadOptions(IArgumentOperation options, DataSymbols data)
    {
        Separator = HasHeader = MissingRealsAsNaNs = LoaderSetting.Unknown;
        if (options.IsOmittedOrNull())
        {
            // A null options object is the default options.
            Separator = HasHeader = MissingRealsAsNaNs = LoaderSetting.Default;
            return;
        }

        var value = options.Value.WalkDownConversion();
        if (value is ILocalReferenceOperation local)
        {
            if (!IsUsedOnlyByTextLoads(local, data))
            {
                return;
            }

            value = DataFlow.ResolveValue(local);
        }

        if (value is not IObjectCreationOperation creation
            || !SymbolEqualityComparer.Default.Equals(creation.Type, data.TextLoaderOptions)
            || creation.Arguments.Length != 0)
        {
            return;
        }

        OptionsCreation = creation;
        Separator = HasHeader = MissingRealsAsNaNs = LoaderSetting.Default;
        if (creation.Initializer is not { } initializer)
        {
            return;
        }

        foreach (var initializerOperation in initializer.Initializers)
        {
            if (initializerOperation is not ISimpleAssignmentOperation { Target: IFieldReferenceOperation field } assignment)
            {
                // A member initializer the rule does not read (a nested or collection initializer): it sets nothing the rule looks at.
                continue;
            }

            var assigned = assignment.Value.WalkDownConversion();
            switch (field.Field.Name)
            {
                case "Separators":
                    Separator = assigned is IArrayCreationOperation { Initializer.ElementValues: { Length: 1 } elements }
                        && elements[0].WalkDownConversion().ConstantValue is { HasValue: true, Value: char separator }
                        ? new LoaderSetting(SettingState.Explicit, separator)
                        : new LoaderSetting(SettingState.Explicit, null);
                    break;
                case "HasHeader":
                    HasHeader = new LoaderSetting(SettingState.Explicit, assigned.ConstantValue.HasValue ? assigned.ConstantValue.Value : null);
                    break;
                case "MissingRealsAsNaNs":
                    MissingRealsAsNaNs = new LoaderSetting(SettingState.Explicit, assigned.ConstantValue.HasValue ? assigned.ConstantValue.Value : null);
                    break;
            }
        }
    }

    /// <summary>
    /// True when every read of the local is the options argument of a text load: nothing else can change the options
    /// it holds (a member assignment, a call that takes them) between their creation and the load.
    /// </summary>
    private static bool IsUsedOnlyByTextLoads(ILocalReferenceOperation reference, DataSymbols data)
    {
        foreach (var operation in reference.GetRoot().GetDescendants())
        {
            if (operation is ILocalReferenceOperation other
                && SymbolEqualityComparer.Default.Equals(other.Local, reference.Local)
                && !(other.WalkUpConversion() is IArgumentOperation { Parameter.Name: "options", Parent: IInvocationOperation load }
                    && SymbolEqualityComparer.Default.Equals(load.TargetMethod.ContainingType, data.TextLoaderSaverCatalog)))
            {
                return false;
            }
        }

        return true;
    }
}
