//! SCALE values as JSON a wallet reads, and JSON parameters back into SCALE values.
//!
//! Both directions walk the type's own scale-info description, so every runtime type gets
//! the same rules without a hand-written mapping per type, and what a method returns can be
//! passed back as a parameter unchanged:
//!
//! - accounts (`AccountId32`) as SS58 addresses; hashes (`H256`) as `0x`-hex;
//! - 128-bit integers (balances, amounts) as decimal strings, smaller ones as numbers;
//! - enum variants by name: `"Active"`, or `{"Suspended": {"reason": 3}}` with data;
//! - `Option` as the value or `null`; `Result` as `{"ok": …}` or `{"err": …}`;
//! - byte strings as text when they are printable UTF-8, otherwise `0x`-hex; fixed-size byte
//!   arrays always as `0x`-hex;
//! - jurisdictions as their two-letter code, role sets as a list of role names, `Perbill`
//!   and kin as a decimal fraction string (`"0.625"`);
//! - struct field names in camelCase (snake_case is accepted on input).

use codec::{Decode, Encode};
use compute_ledger_primitives::Role;
use scale_info::{form::PortableForm, PortableRegistry, Type, TypeDef, TypeDefPrimitive, TypeInfo};
use scale_value::{Composite, Primitive, Value, ValueDef};
use serde_json::{Map, Value as Json};
use sp_core::crypto::{AccountId32, Ss58Codec};

/// A type's description: the registry of every type it refers to, and its own id there.
struct Shape {
	types: PortableRegistry,
	id: u32,
}

fn shape_of<T: TypeInfo + 'static>() -> Shape {
	let mut registry = scale_info::Registry::new();
	let id = registry.register_type(&scale_info::meta_type::<T>()).id;
	Shape { types: registry.into(), id }
}

/// `value` as JSON.
pub fn to_json<T: Encode + TypeInfo + 'static>(value: &T) -> Json {
	let shape = shape_of::<T>();
	let bytes = value.encode();
	match scale_value::scale::decode_as_type(&mut &bytes[..], shape.id, &shape.types) {
		Ok(decoded) => Writer { types: &shape.types }.write(&decoded),
		// A value always decodes as its own type; if it ever did not, say so rather than panic.
		Err(e) => Json::String(format!("<undecodable: {e}>")),
	}
}

/// A `T` from JSON, or what is wrong with the JSON; `name` names the parameter in errors.
pub fn from_json<T: Decode + TypeInfo + 'static>(json: &Json, name: &str) -> Result<T, String> {
	let shape = shape_of::<T>();
	let value = Reader { types: &shape.types }.read(json, shape.id, name)?;
	let mut bytes = Vec::new();
	scale_value::scale::encode_as_type(&value, shape.id, &shape.types, &mut bytes)
		.map_err(|e| format!("{name}: {e}"))?;
	T::decode(&mut &bytes[..]).map_err(|e| format!("{name}: {e}"))
}

/// Types with a rendering of their own, recognised by their path.
enum Special {
	Account,
	Hash,
	Jurisdiction,
	Roles,
	/// A per-thing with this many parts in one.
	PerThing(u64),
	Option,
	Result,
}

fn special(ty: &Type<PortableForm>) -> Option<Special> {
	let segments = &ty.path.segments;
	let ours = segments.first().is_some_and(|s| s == "compute_ledger_primitives");
	match segments.last().map(String::as_str)? {
		"AccountId32" => Some(Special::Account),
		"H256" | "H160" | "H512" => Some(Special::Hash),
		"Jurisdiction" if ours => Some(Special::Jurisdiction),
		"RoleSet" if ours => Some(Special::Roles),
		"Perbill" => Some(Special::PerThing(1_000_000_000)),
		"Permill" => Some(Special::PerThing(1_000_000)),
		"Percent" => Some(Special::PerThing(100)),
		"Option" if segments.len() == 1 => Some(Special::Option),
		"Result" if segments.len() == 1 => Some(Special::Result),
		_ => None,
	}
}

fn camel(name: &str) -> String {
	let mut out = String::with_capacity(name.len());
	let mut upper = false;
	for c in name.chars() {
		if c == '_' {
			upper = true;
		} else if upper {
			out.extend(c.to_uppercase());
			upper = false;
		} else {
			out.push(c);
		}
	}
	out
}

/// `0x`-hex, as every Substrate RPC writes bytes.
pub(crate) fn hex(bytes: &[u8]) -> String {
	sp_core::bytes::to_hex(bytes, false)
}

/// Bytes from `0x`-hex; `None` without the prefix, with an odd number of digits or a
/// non-hex digit.
fn unhex(s: &str) -> Option<Vec<u8>> {
	(s.starts_with("0x") && s.len().is_multiple_of(2)).then(|| sp_core::bytes::from_hex(s).ok())?
}

/// Every integer leaf of a value, in order, as bytes: the content of byte arrays and of
/// newtypes over them.
fn bytes_of<T>(value: &Value<T>, out: &mut Vec<u8>) {
	match &value.value {
		ValueDef::Primitive(Primitive::U128(n)) => out.push(*n as u8),
		ValueDef::Composite(c) => c.values().for_each(|v| bytes_of(v, out)),
		_ => {}
	}
}

fn first_number<T>(value: &Value<T>) -> Option<u128> {
	match &value.value {
		ValueDef::Primitive(Primitive::U128(n)) => Some(*n),
		ValueDef::Composite(c) => c.values().next().and_then(first_number),
		_ => None,
	}
}

/// A fraction `parts / one` as an exact decimal string.
fn fraction(parts: u128, one: u64) -> String {
	let one = one as u128;
	let whole = parts / one;
	let digits = one.ilog10() as usize;
	let rest = format!("{:0digits$}", parts % one);
	let rest = rest.trim_end_matches('0');
	if rest.is_empty() {
		whole.to_string()
	} else {
		format!("{whole}.{rest}")
	}
}

fn parse_fraction(s: &str, one: u64) -> Option<u128> {
	let (whole, rest) = s.split_once('.').unwrap_or((s, ""));
	let digits = (one as u128).ilog10() as usize;
	if rest.len() > digits || !rest.chars().all(|c| c.is_ascii_digit()) {
		return None;
	}
	let whole: u128 = whole.parse().ok()?;
	let rest: u128 = if rest.is_empty() { 0 } else { format!("{rest:0<digits$}").parse().ok()? };
	whole.checked_mul(one as u128)?.checked_add(rest)
}

fn is_byte(types: &PortableRegistry, id: u32) -> bool {
	matches!(types.resolve(id).map(|t| &t.type_def), Some(TypeDef::Primitive(TypeDefPrimitive::U8)))
}

/// The primitive an integer type is, looking through `Compact`.
fn primitive(types: &PortableRegistry, id: u32) -> Option<&TypeDefPrimitive> {
	match &types.resolve(id)?.type_def {
		TypeDef::Primitive(p) => Some(p),
		TypeDef::Compact(c) => primitive(types, c.type_param.id),
		_ => None,
	}
}

struct Writer<'a> {
	types: &'a PortableRegistry,
}

impl Writer<'_> {
	fn write(&self, value: &Value<u32>) -> Json {
		let Some(ty) = self.types.resolve(value.context) else {
			return Json::Null;
		};
		if let Some(special) = special(ty) {
			return self.write_special(special, value);
		}
		match (&ty.type_def, &value.value) {
			(TypeDef::Sequence(s), ValueDef::Composite(_))
				if is_byte(self.types, s.type_param.id) =>
			{
				let mut bytes = Vec::new();
				bytes_of(value, &mut bytes);
				match String::from_utf8(bytes) {
					Ok(text) if !text.chars().any(char::is_control) => Json::String(text),
					Ok(text) => Json::String(hex(text.as_bytes())),
					Err(e) => Json::String(hex(e.as_bytes())),
				}
			}
			(TypeDef::Array(a), ValueDef::Composite(_)) if is_byte(self.types, a.type_param.id) => {
				let mut bytes = Vec::new();
				bytes_of(value, &mut bytes);
				Json::String(hex(&bytes))
			}
			(TypeDef::Composite(_), ValueDef::Composite(c)) => self.write_fields(c),
			(_, ValueDef::Composite(c)) => Json::Array(c.values().map(|v| self.write(v)).collect()),
			(_, ValueDef::Variant(v)) => {
				if v.values.is_empty() {
					Json::String(v.name.clone())
				} else {
					let mut object = Map::new();
					object.insert(v.name.clone(), self.write_fields(&v.values));
					Json::Object(object)
				}
			}
			(_, ValueDef::Primitive(p)) => self.write_primitive(ty, p),
			(_, ValueDef::BitSequence(bits)) => Json::Array(bits.iter().map(Json::Bool).collect()),
		}
	}

	/// Named fields as an object; one unnamed field as itself (a newtype); several as an
	/// array; none as null.
	fn write_fields(&self, composite: &Composite<u32>) -> Json {
		match composite {
			Composite::Named(fields) => {
				Json::Object(fields.iter().map(|(name, v)| (camel(name), self.write(v))).collect())
			}
			Composite::Unnamed(values) => match values.as_slice() {
				[] => Json::Null,
				[only] => self.write(only),
				many => Json::Array(many.iter().map(|v| self.write(v)).collect()),
			},
		}
	}

	fn write_primitive(&self, ty: &Type<PortableForm>, p: &Primitive) -> Json {
		let wide = matches!(
			&ty.type_def,
			TypeDef::Primitive(TypeDefPrimitive::U128 | TypeDefPrimitive::I128)
		) || matches!(&ty.type_def, TypeDef::Compact(c)
			if matches!(primitive(self.types, c.type_param.id), Some(TypeDefPrimitive::U128)));
		match p {
			Primitive::Bool(b) => Json::Bool(*b),
			Primitive::Char(c) => Json::String(c.to_string()),
			Primitive::String(s) => Json::String(s.clone()),
			Primitive::U128(n) if wide || *n > MAX_SAFE_INTEGER as u128 => {
				Json::String(n.to_string())
			}
			Primitive::U128(n) => Json::from(*n as u64),
			Primitive::I128(n) if wide || n.unsigned_abs() > MAX_SAFE_INTEGER as u128 => {
				Json::String(n.to_string())
			}
			Primitive::I128(n) => Json::from(*n as i64),
			Primitive::U256(b) | Primitive::I256(b) => Json::String(hex(b)),
		}
	}

	fn write_special(&self, special: Special, value: &Value<u32>) -> Json {
		match special {
			Special::Account => {
				let mut bytes = Vec::new();
				bytes_of(value, &mut bytes);
				match <[u8; 32]>::try_from(bytes.as_slice()) {
					Ok(raw) => Json::String(AccountId32::new(raw).to_ss58check()),
					Err(_) => Json::String(hex(&bytes)),
				}
			}
			Special::Hash => {
				let mut bytes = Vec::new();
				bytes_of(value, &mut bytes);
				Json::String(hex(&bytes))
			}
			Special::Jurisdiction => {
				let mut bytes = Vec::new();
				bytes_of(value, &mut bytes);
				Json::String(String::from_utf8_lossy(&bytes).into_owned())
			}
			Special::Roles => {
				let bits = first_number(value).unwrap_or_default() as u8;
				let set = compute_ledger_primitives::RoleSet(bits);
				Json::Array(set.iter().map(|r| Json::String(format!("{r:?}"))).collect())
			}
			Special::PerThing(one) => {
				Json::String(fraction(first_number(value).unwrap_or_default(), one))
			}
			Special::Option => match &value.value {
				ValueDef::Variant(v) if v.name == "Some" => {
					v.values.values().next().map(|inner| self.write(inner)).unwrap_or(Json::Null)
				}
				_ => Json::Null,
			},
			Special::Result => match &value.value {
				ValueDef::Variant(v) => {
					let key = if v.name == "Ok" { "ok" } else { "err" };
					let mut object = Map::new();
					object.insert(key.into(), self.write_fields(&v.values));
					Json::Object(object)
				}
				_ => Json::Null,
			},
		}
	}
}

/// JavaScript's `Number.MAX_SAFE_INTEGER`: larger integers are sent as strings.
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

struct Reader<'a> {
	types: &'a PortableRegistry,
}

impl Reader<'_> {
	fn read(&self, json: &Json, id: u32, at: &str) -> Result<Value<()>, String> {
		let ty = self.types.resolve(id).ok_or_else(|| format!("{at}: unknown type"))?;
		if let Some(special) = special(ty) {
			return self.read_special(special, ty, json, id, at);
		}
		match &ty.type_def {
			TypeDef::Composite(def) => {
				let fields: Vec<(Option<&str>, u32)> =
					def.fields.iter().map(|f| (f.name.as_deref(), f.ty.id)).collect();
				self.read_fields(&fields, json, at)
					.map(|c| Value::without_context(ValueDef::Composite(c)))
			}
			TypeDef::Variant(def) => {
				let names =
					|| def.variants.iter().map(|v| v.name.as_str()).collect::<Vec<_>>().join(", ");
				let (name, payload) = match json {
					Json::String(name) => (name.as_str(), None),
					Json::Object(o) if o.len() == 1 => {
						let (k, v) = o.iter().next().expect("one entry");
						(k.as_str(), Some(v))
					}
					_ => {
						return Err(format!(
							"{at}: expected one of {} (a name, or {{\"Name\": data}})",
							names()
						))
					}
				};
				let variant = def
					.variants
					.iter()
					.find(|v| v.name == name || v.name.eq_ignore_ascii_case(name))
					.ok_or_else(|| {
						format!("{at}: unknown variant {name:?}, expected one of {}", names())
					})?;
				let fields: Vec<(Option<&str>, u32)> =
					variant.fields.iter().map(|f| (f.name.as_deref(), f.ty.id)).collect();
				let values = match payload {
					None if fields.is_empty() => Composite::Unnamed(Vec::new()),
					None => return Err(format!("{at}: variant {} needs data", variant.name)),
					Some(p) => self.read_fields(&fields, p, &format!("{at}.{}", variant.name))?,
				};
				Ok(Value::variant(variant.name.clone(), values))
			}
			TypeDef::Sequence(s) => self.read_items(json, s.type_param.id, None, at),
			TypeDef::Array(a) => self.read_items(json, a.type_param.id, Some(a.len as usize), at),
			TypeDef::Tuple(t) => {
				let items = json.as_array().ok_or_else(|| format!("{at}: expected an array"))?;
				if items.len() != t.fields.len() {
					return Err(format!("{at}: expected {} items", t.fields.len()));
				}
				let values = t
					.fields
					.iter()
					.zip(items)
					.enumerate()
					.map(|(i, (f, j))| self.read(j, f.id, &format!("{at}[{i}]")))
					.collect::<Result<Vec<_>, _>>()?;
				Ok(Value::unnamed_composite(values))
			}
			TypeDef::Primitive(p) => read_primitive(p, json, at),
			TypeDef::Compact(c) => self.read(json, c.type_param.id, at),
			TypeDef::BitSequence(_) => {
				let bits = json
					.as_array()
					.and_then(|a| a.iter().map(Json::as_bool).collect::<Option<Vec<_>>>())
					.ok_or_else(|| format!("{at}: expected an array of booleans"))?;
				Ok(Value::bit_sequence(bits.into_iter().collect()))
			}
		}
	}

	fn read_fields(
		&self,
		fields: &[(Option<&str>, u32)],
		json: &Json,
		at: &str,
	) -> Result<Composite<()>, String> {
		match fields {
			[] => Ok(Composite::Unnamed(Vec::new())),
			[(None, id)] => Ok(Composite::Unnamed(vec![self.read(json, *id, at)?])),
			[(Some(_), _), ..] => {
				let object = json.as_object().ok_or_else(|| format!("{at}: expected an object"))?;
				for key in object.keys() {
					if !fields.iter().any(|(n, _)| n.is_some_and(|n| n == key || camel(n) == *key))
					{
						return Err(format!("{at}: unknown field {key:?}"));
					}
				}
				let values = fields
					.iter()
					.map(|(name, id)| {
						let name = name.unwrap_or_default();
						let here = format!("{at}.{}", camel(name));
						let found = object.get(&camel(name)).or_else(|| object.get(name));
						let value = match found {
							Some(j) => self.read(j, *id, &here)?,
							None if self.is_option(*id) => self.read(&Json::Null, *id, &here)?,
							None => return Err(format!("{here}: missing")),
						};
						Ok((name.to_string(), value))
					})
					.collect::<Result<Vec<_>, String>>()?;
				Ok(Composite::Named(values))
			}
			many => {
				let items = json.as_array().ok_or_else(|| format!("{at}: expected an array"))?;
				if items.len() != many.len() {
					return Err(format!("{at}: expected {} items", many.len()));
				}
				let values = many
					.iter()
					.zip(items)
					.enumerate()
					.map(|(i, ((_, id), j))| self.read(j, *id, &format!("{at}[{i}]")))
					.collect::<Result<Vec<_>, _>>()?;
				Ok(Composite::Unnamed(values))
			}
		}
	}

	fn is_option(&self, id: u32) -> bool {
		self.types.resolve(id).and_then(special).is_some_and(|s| matches!(s, Special::Option))
	}

	fn read_items(
		&self,
		json: &Json,
		item: u32,
		len: Option<usize>,
		at: &str,
	) -> Result<Value<()>, String> {
		let values = if is_byte(self.types, item) && json.is_string() {
			let s = json.as_str().expect("checked");
			let bytes = if s.starts_with("0x") {
				unhex(s).ok_or_else(|| format!("{at}: malformed 0x-hex"))?
			} else {
				s.as_bytes().to_vec()
			};
			bytes.into_iter().map(|b| Value::u128(b as u128)).collect()
		} else {
			let items = json.as_array().ok_or_else(|| format!("{at}: expected an array"))?;
			items
				.iter()
				.enumerate()
				.map(|(i, j)| self.read(j, item, &format!("{at}[{i}]")))
				.collect::<Result<Vec<_>, _>>()?
		};
		if let Some(len) = len.filter(|l| *l != values.len()) {
			return Err(format!("{at}: expected {len} items, got {}", values.len()));
		}
		Ok(Value::unnamed_composite(values))
	}

	/// A value for a newtype chain ending in bytes (accounts, hashes, codes).
	fn wrap_bytes(&self, id: u32, bytes: &[u8], at: &str) -> Result<Value<()>, String> {
		match self.types.resolve(id).map(|t| &t.type_def) {
			Some(TypeDef::Composite(c)) if c.fields.len() == 1 => {
				Ok(Value::unnamed_composite([self.wrap_bytes(c.fields[0].ty.id, bytes, at)?]))
			}
			Some(TypeDef::Array(a)) if a.len as usize != bytes.len() => {
				Err(format!("{at}: expected {} bytes, got {}", a.len, bytes.len()))
			}
			_ => Ok(Value::from_bytes(bytes)),
		}
	}

	fn read_special(
		&self,
		special: Special,
		ty: &Type<PortableForm>,
		json: &Json,
		id: u32,
		at: &str,
	) -> Result<Value<()>, String> {
		match special {
			Special::Account => {
				let s = json.as_str().ok_or_else(|| format!("{at}: expected an SS58 address"))?;
				let account = match unhex(s) {
					Some(raw) => <[u8; 32]>::try_from(raw.as_slice()).map(AccountId32::new).ok(),
					None => AccountId32::from_ss58check(s).ok(),
				}
				.ok_or_else(|| format!("{at}: {s:?} is not an SS58 address or 32-byte 0x-hex"))?;
				let raw: &[u8] = account.as_ref();
				self.wrap_bytes(id, raw, at)
			}
			Special::Hash => {
				let bytes = json
					.as_str()
					.and_then(unhex)
					.ok_or_else(|| format!("{at}: expected 0x-hex"))?;
				self.wrap_bytes(id, &bytes, at)
			}
			Special::Jurisdiction => {
				let code = json
					.as_str()
					.filter(|s| s.len() == 2 && s.chars().all(|c| c.is_ascii_uppercase()))
					.ok_or_else(|| {
						format!("{at}: expected a two-letter upper-case country code")
					})?;
				self.wrap_bytes(id, code.as_bytes(), at)
			}
			Special::Roles => {
				let names = json
					.as_array()
					.ok_or_else(|| format!("{at}: expected a list of role names"))?;
				let mut set = compute_ledger_primitives::RoleSet::default();
				for name in names {
					let name = name.as_str().unwrap_or_default();
					let role = Role::ALL
						.into_iter()
						.find(|r| format!("{r:?}").eq_ignore_ascii_case(name))
						.ok_or_else(|| format!("{at}: unknown role {name:?}"))?;
					set.insert(role);
				}
				Ok(Value::unnamed_composite([Value::u128(set.0 as u128)]))
			}
			Special::PerThing(one) => {
				let parts = match json {
					Json::String(s) => parse_fraction(s, one),
					Json::Number(n) => {
						n.as_u64().and_then(|n| (n as u128).checked_mul(one as u128))
					}
					_ => None,
				}
				.filter(|p| *p <= one as u128)
				.ok_or_else(|| format!("{at}: expected a fraction between \"0\" and \"1\""))?;
				Ok(Value::unnamed_composite([Value::u128(parts)]))
			}
			Special::Option | Special::Result => {
				let TypeDef::Variant(def) = &ty.type_def else {
					return Err(format!("{at}: unexpected type"));
				};
				let field_of = |name: &str| {
					def.variants
						.iter()
						.find(|v| v.name == name)
						.and_then(|v| v.fields.first())
						.map(|f| f.ty.id)
				};
				let (variant, inner) = match (special, json) {
					(Special::Option, Json::Null) => {
						return Ok(Value::variant("None", Composite::Unnamed(vec![])))
					}
					(Special::Option, j) => ("Some", j),
					(_, Json::Object(o)) if o.len() == 1 && o.contains_key("ok") => {
						("Ok", &o["ok"])
					}
					(_, Json::Object(o)) if o.len() == 1 && o.contains_key("err") => {
						("Err", &o["err"])
					}
					_ => return Err(format!("{at}: expected {{\"ok\": …}} or {{\"err\": …}}")),
				};
				let inner_id = field_of(variant).ok_or_else(|| format!("{at}: unexpected type"))?;
				Ok(Value::variant(
					variant,
					Composite::Unnamed(vec![self.read(inner, inner_id, at)?]),
				))
			}
		}
	}
}

fn read_primitive(p: &TypeDefPrimitive, json: &Json, at: &str) -> Result<Value<()>, String> {
	use TypeDefPrimitive as P;
	let unsigned = |max: u128| -> Result<Value<()>, String> {
		let n = match json {
			Json::Number(n) => n.as_u64().map(u128::from),
			Json::String(s) => s.parse::<u128>().ok(),
			_ => None,
		}
		.ok_or_else(|| {
			format!("{at}: expected a non-negative integer (a number or a decimal string)")
		})?;
		if n > max {
			return Err(format!("{at}: {n} is out of range (at most {max})"));
		}
		Ok(Value::u128(n))
	};
	let signed = |min: i128, max: i128| -> Result<Value<()>, String> {
		let n = match json {
			Json::Number(n) => n.as_i64().map(i128::from),
			Json::String(s) => s.parse::<i128>().ok(),
			_ => None,
		}
		.ok_or_else(|| format!("{at}: expected an integer (a number or a decimal string)"))?;
		if n < min || n > max {
			return Err(format!("{at}: {n} is out of range ({min}..={max})"));
		}
		Ok(Value::i128(n))
	};
	match p {
		P::Bool => {
			json.as_bool().map(Value::bool).ok_or_else(|| format!("{at}: expected true or false"))
		}
		P::Str => {
			json.as_str().map(Value::string).ok_or_else(|| format!("{at}: expected a string"))
		}
		P::Char => json
			.as_str()
			.and_then(|s| s.chars().next())
			.map(Value::char)
			.ok_or_else(|| format!("{at}: expected a character")),
		P::U8 => unsigned(u8::MAX as u128),
		P::U16 => unsigned(u16::MAX as u128),
		P::U32 => unsigned(u32::MAX as u128),
		P::U64 => unsigned(u64::MAX as u128),
		P::U128 => unsigned(u128::MAX),
		P::I8 => signed(i8::MIN as i128, i8::MAX as i128),
		P::I16 => signed(i16::MIN as i128, i16::MAX as i128),
		P::I32 => signed(i32::MIN as i128, i32::MAX as i128),
		P::I64 => signed(i64::MIN as i128, i64::MAX as i128),
		P::I128 => signed(i128::MIN, i128::MAX),
		P::U256 | P::I256 => Err(format!("{at}: 256-bit integers are not accepted")),
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use compute_ledger_primitives::{AssetClass, EnergySource, Jurisdiction, RoleSet};
	use serde_json::json;
	use sp_runtime::Perbill;

	#[derive(Encode, Decode, TypeInfo, PartialEq, Debug)]
	struct Sample {
		owner: AccountId32,
		amount_held: u128,
		count: u32,
		label: Vec<u8>,
		blob: Vec<u8>,
		root: sp_core::H256,
		jurisdiction: Jurisdiction,
		roles: RoleSet,
		share: Perbill,
		source: EnergySource,
		expires_at: Option<u32>,
		outcome: Result<(), (u32, u8)>,
	}

	fn sample() -> Sample {
		Sample {
			owner: sp_keyring::Sr25519Keyring::Alice.to_account_id(),
			amount_held: u128::MAX,
			count: 7,
			label: b"EU-CH".to_vec(),
			blob: vec![0, 1, 255],
			root: sp_core::H256::repeat_byte(0xab),
			jurisdiction: Jurisdiction(*b"CH"),
			roles: RoleSet::from([Role::Trader, Role::Issuer]),
			share: Perbill::from_parts(625_000_000),
			source: EnergySource::Solar,
			expires_at: None,
			outcome: Err((2, 9)),
		}
	}

	#[test]
	fn values_read_as_a_wallet_expects() {
		let json = to_json(&sample());
		assert_eq!(
			json,
			json!({
				"owner": "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY",
				"amountHeld": u128::MAX.to_string(),
				"count": 7,
				"label": "EU-CH",
				"blob": "0x0001ff",
				"root": format!("0x{}", "ab".repeat(32)),
				"jurisdiction": "CH",
				"roles": ["Issuer", "Trader"],
				"share": "0.625",
				"source": "Solar",
				"expiresAt": null,
				"outcome": {"err": [2, 9]},
			})
		);
	}

	#[test]
	fn what_is_read_can_be_passed_back() {
		let value = sample();
		assert_eq!(from_json::<Sample>(&to_json(&value), "sample"), Ok(value));
	}

	#[test]
	fn parameters_parse_with_clear_errors() {
		assert_eq!(
			from_json::<AssetClass>(&json!("StableValue"), "class").ok(),
			Some(AssetClass::StableValue)
		);
		let err = from_json::<AssetClass>(&json!("Gold"), "class").unwrap_err();
		assert!(err.starts_with("class: unknown variant \"Gold\", expected one of"), "{err}");
		let err = from_json::<AccountId32>(&json!("5Grwva"), "who").unwrap_err();
		assert!(err.contains("is not an SS58 address"), "{err}");
		let err = from_json::<u32>(&json!(1u64 << 40), "id").unwrap_err();
		assert!(err.contains("out of range"), "{err}");
		let err = from_json::<Sample>(&json!({"owner": "x"}), "s").unwrap_err();
		assert!(err.starts_with("s.owner:"), "{err}");
		assert_eq!(
			from_json::<u128>(&json!("340282366920938463463374607431768211455"), "a"),
			Ok(u128::MAX)
		);
		assert_eq!(from_json::<Perbill>(&json!("0.5"), "p"), Ok(Perbill::from_percent(50)));
	}
}
