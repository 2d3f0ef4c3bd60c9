//! `vouchers sign` and `vouchers verify`: create and check a channel voucher from a shell;
//! `sign-priced` and `verify-priced` do the same for a priced channel's voucher.
//!
//! ```sh
//! vouchers sign --suri //Dave//agent --genesis 0x… --channel 0 --cumulative 500000 --nonce 500
//! vouchers verify --agent 0x<public key> --genesis 0x… --channel 0 --cumulative 500000 \
//!     --nonce 500 --signature 0x…
//! vouchers sign-priced --suri //Dave//agent --genesis 0x… --channel 1 --cumulative 700 \
//!     --usage text:100:50,image:0:10 --records-root 0x… --nonce 1
//! ```

use clap::{Parser, Subcommand};
use compute_ledger_vouchers::{Modality, PricedVoucher, TokenUsage, Voucher};
use sp_core::{sr25519, Pair};

#[derive(Parser)]
#[command(name = "vouchers", about = "Create and verify pay-per-token channel vouchers")]
struct Cli {
	#[command(subcommand)]
	command: Command,
}

#[derive(clap::Args)]
struct VoucherArgs {
	/// The chain's genesis hash (`chain_getBlockHash(0)`), hex.
	#[arg(long)]
	genesis: String,
	#[arg(long)]
	channel: u64,
	/// Everything owed so far, in the smallest unit.
	#[arg(long)]
	cumulative: u128,
	#[arg(long)]
	nonce: u64,
}

#[derive(clap::Args)]
struct PricedVoucherArgs {
	/// The chain's genesis hash (`chain_getBlockHash(0)`), hex.
	#[arg(long)]
	genesis: String,
	#[arg(long)]
	channel: u64,
	/// What the usage costs at the channel's card (`rwa_usageCost`), in the smallest unit.
	#[arg(long)]
	cumulative: u128,
	/// Tokens served so far, `modality:in:out` per modality, comma-separated
	/// (modality: text, image, audio or video).
	#[arg(long)]
	usage: String,
	/// Merkle root of the usage records (32 bytes, hex).
	#[arg(long)]
	records_root: String,
	#[arg(long)]
	nonce: u64,
}

#[derive(Subcommand)]
enum Command {
	/// Signs a voucher with the agent's key and prints the signature (hex).
	Sign {
		/// The agent's secret URI, e.g. `//Dave//agent` or a mnemonic.
		#[arg(long)]
		suri: String,
		#[command(flatten)]
		voucher: VoucherArgs,
	},
	/// Checks a signature against the agent's public key; exits 1 if it does not match.
	Verify {
		/// The agent's public key (its account id), hex.
		#[arg(long)]
		agent: String,
		#[arg(long)]
		signature: String,
		#[command(flatten)]
		voucher: VoucherArgs,
	},
	/// Signs a priced channel's voucher and prints the signature (hex).
	SignPriced {
		#[arg(long)]
		suri: String,
		#[command(flatten)]
		voucher: PricedVoucherArgs,
	},
	/// Checks a priced voucher's signature; exits 1 if it does not match.
	VerifyPriced {
		#[arg(long)]
		agent: String,
		#[arg(long)]
		signature: String,
		#[command(flatten)]
		voucher: PricedVoucherArgs,
	},
}

fn modality(name: &str) -> Result<Modality, String> {
	Modality::ALL
		.into_iter()
		.find(|m| format!("{m:?}").eq_ignore_ascii_case(name))
		.ok_or_else(|| format!("--usage: unknown modality `{name}`"))
}

/// `text:100:50,image:0:10` as token usage.
fn usage(spec: &str) -> Result<Vec<TokenUsage>, String> {
	spec.split(',')
		.filter(|part| !part.is_empty())
		.map(|part| {
			let fields: Vec<&str> = part.split(':').collect();
			let [name, tokens_in, tokens_out] = fields[..] else {
				return Err(format!("--usage: `{part}` is not modality:in:out"));
			};
			let count = |s: &str| s.parse::<u64>().map_err(|e| format!("--usage `{part}`: {e}"));
			Ok(TokenUsage {
				modality: modality(name)?,
				tokens_in: count(tokens_in)?,
				tokens_out: count(tokens_out)?,
			})
		})
		.collect()
}

fn priced_voucher(args: &PricedVoucherArgs) -> Result<([u8; 32], PricedVoucher), String> {
	let genesis = bytes::<32>("--genesis", &args.genesis)?;
	Ok((
		genesis,
		PricedVoucher {
			channel: args.channel,
			cumulative: args.cumulative,
			usage: usage(&args.usage)?,
			records_root: bytes::<32>("--records-root", &args.records_root)?,
			nonce: args.nonce,
		},
	))
}

fn bytes<const N: usize>(what: &str, hex_str: &str) -> Result<[u8; N], String> {
	let raw = hex::decode(hex_str.trim_start_matches("0x")).map_err(|e| format!("{what}: {e}"))?;
	raw.try_into().map_err(|_| format!("{what}: expected {N} bytes"))
}

fn voucher(args: &VoucherArgs) -> Result<([u8; 32], Voucher), String> {
	let genesis = bytes::<32>("--genesis", &args.genesis)?;
	Ok((genesis, Voucher { channel: args.channel, cumulative: args.cumulative, nonce: args.nonce }))
}

fn run(cli: Cli) -> Result<(), String> {
	match cli.command {
		Command::Sign { suri, voucher: args } => {
			let pair =
				sr25519::Pair::from_string(&suri, None).map_err(|e| format!("--suri: {e:?}"))?;
			let (genesis, v) = voucher(&args)?;
			println!("0x{}", hex::encode(v.sign(&pair, genesis)));
			Ok(())
		}
		Command::Verify { agent, signature, voucher: args } => {
			let agent = bytes::<32>("--agent", &agent)?;
			let signature = bytes::<64>("--signature", &signature)?;
			let (genesis, v) = voucher(&args)?;
			valid(v.verify(&agent, genesis, &signature))
		}
		Command::SignPriced { suri, voucher: args } => {
			let pair =
				sr25519::Pair::from_string(&suri, None).map_err(|e| format!("--suri: {e:?}"))?;
			let (genesis, v) = priced_voucher(&args)?;
			println!("0x{}", hex::encode(v.sign(&pair, genesis)));
			Ok(())
		}
		Command::VerifyPriced { agent, signature, voucher: args } => {
			let agent = bytes::<32>("--agent", &agent)?;
			let signature = bytes::<64>("--signature", &signature)?;
			let (genesis, v) = priced_voucher(&args)?;
			valid(v.verify(&agent, genesis, &signature))
		}
	}
}

fn valid(ok: bool) -> Result<(), String> {
	if ok {
		println!("valid");
		Ok(())
	} else {
		Err("the signature is not the agent's for this voucher".into())
	}
}

fn main() {
	if let Err(e) = run(Cli::parse()) {
		eprintln!("Error: {e}");
		std::process::exit(1);
	}
}
